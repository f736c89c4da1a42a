import { normalNamePart, normalSubjectName, subjectNameProblems } from './subject-name';

const normal = (value: string) => normalNamePart(value).value;
const refusal = (value: string) => normalNamePart(value).problem;

describe('the normal form of a subject name part', () => {
  it('leaves printable ASCII as it is, so blind indexes of existing ids stay valid', () => {
    for (const id of ['C-2001', 'c-2001', 'jan@example.nl', 'ACME 123', '~!@#$%^&*()_+{}|:"<>?`[]\\;\',./']) expect(normal(id)).toBe(id);
  });

  it('maps the look-alike spellings of one id to one form', () => {
    expect(normal('C\u20112001')).toBe('C-2001'); // non-breaking hyphen
    expect(normal('C\u20132001')).toBe('C-2001'); // en dash
    expect(normal('C\u22122001')).toBe('C-2001'); // minus sign
    expect(normal('Ｃ－２００１')).toBe('C-2001'); // full width
    expect(normal('Jose\u0301')).toBe('Jos\u00e9'); // NFD
    expect(normal('Jos\u00e9')).toBe('Jos\u00e9'); // NFC
    expect(normal('C-2001\u00a0x')).toBe('C-2001 x'); // a no-break space inside is a space
  });

  it('refuses invisible and reordering characters, naming the code point', () => {
    expect(refusal('C-\u200b2001')).toBe('must not contain invisible format characters (U+200B): an id that looks the same must be the same id');
    expect(refusal('C-2001\u00ad')).toMatch(/invisible format characters \(U\+00AD\)/);
    expect(refusal('\u202e1002-C')).toMatch(/^must not contain bidirectional controls \(U\+202E\)/);
    expect(refusal('C-2001\u2066')).toMatch(/bidirectional controls \(U\+2066\)/);
    expect(refusal('C\u00002001')).toBe('must not contain control characters (U+0000)');
    expect(refusal('C\u00852001')).toBe('must not contain control characters (U+0085)');
    expect(refusal('C-2001\ufe0f')).toMatch(/U\+FE0F/); // a variation selector
    expect(refusal('C-\ud8002001')).toMatch(/unpaired surrogates/);
    expect(refusal('C-\ue0002001')).toMatch(/private-use or unassigned code points \(U\+E000\)/);
    expect(refusal('C-2001\u2028')).toBe('must be one line (U+2028)');
  });

  it('refuses whitespace at either end, in any width', () => {
    for (const id of ['C-2001 ', ' C-2001', 'C-2001\u3000', '\u00a0C-2001', ' ']) expect(refusal(id)).toBe('must not begin or end with whitespace');
  });

  it('refuses ids that look like an ASCII id but are written with letters of another script', () => {
    expect(refusal('\u0421-2001')).toBe('looks like an ASCII id but is written with Cyrillic letters that look like ASCII characters: send it in ASCII');
    expect(refusal('\u0391-1')).toMatch(/Greek letters/);
    expect(refusal('C\u201a2001')).toMatch(/with symbols that look like ASCII/); // a low quotation mark for a comma
  });

  it('refuses letters of two scripts, but not the mixes Japanese, Chinese and Korean use', () => {
    expect(refusal('J\u043es\u00e9')).toBe(
      'mixes letters of Latin and Cyrillic: an id is written in one script, so that look-alike letters cannot name another subject',
    );
    for (const id of ['東京タワー-1', 'ＡＢＣひらがな漢字', '서울-7', 'Иванов', 'Yıldız', 'Cæsar', 'Łódź 12', 'Δημήτρης']) expect(refusal(id)).toBeUndefined();
  });

  it('refuses empty parts and parts longer than 200 characters once normalised', () => {
    expect(refusal('')).toBe('must not be empty');
    expect(refusal('\ufdfa'.repeat(20))).toMatch(/at most 200 characters/); // one character, 18 once NFKC-normalised
  });

  it('names the problems of a whole name by path, without the id itself', () => {
    const problems = subjectNameProblems({ system: 'crm ', externalId: 'C-\u200b2001' });
    expect(problems.map((p) => p.path)).toEqual(['subject.system', 'subject.externalId']);
    expect(JSON.stringify(problems)).not.toContain('2001');
    expect(() => normalSubjectName({ system: 'crm', externalId: 'C-2001 ' })).toThrow('subject.externalId must not begin or end with whitespace');
    expect(normalSubjectName({ system: 'ｃｒｍ', externalId: 'C\u20112001' })).toEqual({ system: 'crm', externalId: 'C-2001' });
  });
});
