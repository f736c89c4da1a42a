import { parseSignedBreachSummary } from './signed-breach-summary';

describe('a saved signed summary', () => {
  const summary = { format: 'privacy-ledger.breach-summary.v1', breachId: 'B-1' };
  const signature = { algorithm: 'Ed25519', keyId: 'k', value: 'AAAA' };
  const parse = (value: unknown) => () => parseSignedBreachSummary(value);

  it('is read as found', () => {
    expect(parseSignedBreachSummary({ signature, summary: { ...summary, extra: 1 } })).toEqual({ summary: { ...summary, extra: 1 }, signature });
  });

  it('holds nothing the signature does not cover', () => {
    expect(parse({ summary, signature, note: 'unsigned' })).toThrow('unsigned field beside the summary: note');
    expect(parse({ summary, signature: { ...signature, comment: 'x' } })).toThrow('unknown field in signature: comment');
  });

  it('says which part is wrong', () => {
    expect(parse([summary, signature])).toThrow('the file must be a JSON object {summary, signature}');
    expect(parse({ summary: { ...summary, format: 'other' }, signature })).toThrow('summary.format must be "privacy-ledger.breach-summary.v1"');
    expect(parse({ summary })).toThrow('signature must be an object');
    expect(parse({ summary, signature: { ...signature, algorithm: 'RSA' } })).toThrow('signature.algorithm must be "Ed25519"');
  });
});
