import { canonicalJson } from './canonical-json';
import { parseUnambiguousJson } from './unambiguous-json';

describe('parseUnambiguousJson', () => {
  it('reads JSON as JSON.parse does when it has one meaning, whatever its spacing and key order', () => {
    const text = '{ "b": [1, -2.5, 1e+21, 5e-7, 0.1, true, null, "x\\u0041"],\n "a": {"c": {}} }';
    expect(parseUnambiguousJson(text)).toEqual(JSON.parse(text));
    const value = { summary: { approxSubjects: 1200, nested: [{ k: 'v' }] }, signature: { value: 'AAAA' } };
    expect(parseUnambiguousJson(canonicalJson(value))).toEqual(value);
    expect(parseUnambiguousJson(JSON.stringify(value, null, 2))).toEqual(value);
  });

  it.each([
    ['a forged key before the genuine one', '{"summary":{"n":1},"summary":{"n":2}}', 'the key "summary" appears twice at the top level'],
    ['a duplicate deep inside', '{"a":[{"b":{"c":1,"c":1}}]}', 'the key "c" appears twice in a[0].b'],
    ['a duplicate spelled with an escape', '{"a":1,"\\u0061":1}', 'the key "a" appears twice at the top level'],
    ['digits beyond a double', '{"n":10.000000000000000001}', 'the number 10.000000000000000001 in n is not written canonically (it reads as 10)'],
    ['a trailing zero', '[1.0]', 'the number 1.0 in [0] is not written canonically (it reads as 1)'],
    ['an exponent', '{"n":1e3}', 'the number 1e3 in n is not written canonically (it reads as 1000)'],
    ['minus zero', '{"n":-0}', 'the number -0 in n is not written canonically (it reads as 0)'],
    ['a number beyond a double', '{"n":1e400}', 'the number 1e400 in n is not written canonically (it reads as Infinity)'],
  ])('refuses %s, naming it', (_, text, problem) => {
    expect(() => parseUnambiguousJson(text)).toThrow(`${problem}: the file could be read with another meaning than the one signed`);
  });

  it('counts further problems', () => {
    expect(() => parseUnambiguousJson('{"a":1,"a":1.0,"a":2}')).toThrow(/appears twice at the top level \(and 2 more problems\)/);
  });

  it('refuses what JSON.parse refuses, with its message', () => {
    for (const text of ['{', '{"a":1,}', '// c\n{}', '', '[01]', "{'a':1}"]) {
      expect(() => parseUnambiguousJson(text)).toThrow(/^not JSON \(/);
    }
  });
});
