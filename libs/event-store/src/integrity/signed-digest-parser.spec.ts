import { DIGEST_FORMAT } from './ledger-digest';
import { parseSignedDigest } from './signed-digest-parser';

const valid = {
  digest: { format: DIGEST_FORMAT, position: 3, streams: 1, root: 'a'.repeat(64), issuedAt: '2025-01-01T00:00:00.000Z' },
  signature: { algorithm: 'Ed25519', keyId: 'b'.repeat(64), value: 'c2ln' },
  heads: [{ stream: 'subject-1', revision: 2, hash: 'd'.repeat(64) }],
};

describe('parseSignedDigest', () => {
  it('reads a saved digest, keeping the signed part exactly as found', () => {
    const withExtra = { ...valid, digest: { ...valid.digest, note: 'added later' } };
    expect(parseSignedDigest(JSON.stringify(withExtra))).toEqual(withExtra);
  });

  it.each([
    ['not JSON', '{', /^not JSON/],
    ['another format', JSON.stringify({ ...valid, digest: { ...valid.digest, format: 'x' } }), /^digest.format must be/],
    ['a negative position', JSON.stringify({ ...valid, digest: { ...valid.digest, position: -1 } }), /^digest.position must be/],
    ['a short root', JSON.stringify({ ...valid, digest: { ...valid.digest, root: 'abc' } }), /^digest.root must be/],
    ['no signature', JSON.stringify({ ...valid, signature: undefined }), /^signature must be/],
    [
      'a forged digest before the genuine one',
      `{"digest":${JSON.stringify({ ...valid.digest, position: 9 })},${JSON.stringify(valid).slice(1)}`,
      /^the key "digest" appears twice at the top level/,
    ],
    [
      'a position written with digits beyond a double',
      JSON.stringify(valid).replace('"position":3', '"position":3.0000000000000001'),
      /^the number 3.0000000000000001 in digest.position is not written canonically/,
    ],
    ['a broken head', JSON.stringify({ ...valid, heads: [{ stream: 's', revision: 'one', hash: 'd'.repeat(64) }] }), /^heads\[0\] must be/],
  ])('refuses %s, naming the field', (_, text, message) => {
    expect(() => parseSignedDigest(text as string)).toThrow(message as RegExp);
  });
});
