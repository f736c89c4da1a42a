import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerSigner } from './ledger-signer';
import { PublicKeySet } from './public-key-set';
import { SigningKeyRing } from './signing-key-ring';

describe('signing key rotation', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-key-ring-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The key set as GET /v1/keys/signing publishes it. */
  const published = (ring: SigningKeyRing) =>
    JSON.stringify({
      keys: ring
        .entries()
        .map((e) => ({ algorithm: 'Ed25519', keyId: e.keyId, publicKeyBase64: e.publicKeyBase64, validFrom: e.validFrom, validUntil: e.validUntil })),
    });

  it('has one open-ended key before the first rotation: the one in signing.key', () => {
    const ring = SigningKeyRing.inDirectory(dir);
    const [only] = ring.entries();
    expect(only).toMatchObject({ file: 'signing.key', validFrom: null, validUntil: null });
    expect(LedgerSigner.fromKeyFile(join(dir, 'signing.key')).keyId).toBe(only.keyId);
  });

  it('starts a new key, retires the old one at the same instant, and keeps both listed', () => {
    const ring = SigningKeyRing.inDirectory(dir);
    const first = ring.entries()[0];
    const { retired, started } = ring.rotate(new Date('2026-12-01T10:00:00Z'));
    expect(retired).toEqual({ ...first, validUntil: '2026-12-01T10:00:00.000Z' });
    expect(started).toMatchObject({ file: 'signing-2.key', validFrom: '2026-12-01T10:00:00.000Z', validUntil: null });
    expect(statSync(join(dir, 'signing-2.key')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'signing-keys.json'), 'utf8')).keys).toEqual([retired, started]);
    ring.rotate(new Date('2026-12-02T10:00:00Z'));
    expect(ring.entries().map((e) => e.file)).toEqual(['signing.key', 'signing-2.key', 'signing-3.key']);
  });

  it('lets a running signer sign with the new key as soon as another process rotates', () => {
    const serverRing = SigningKeyRing.inDirectory(dir);
    const signer = LedgerSigner.fromKeyRing(serverRing);
    const before = signer.sign({ n: 1 });
    const { started } = SigningKeyRing.inDirectory(dir).rotate(new Date('2026-12-01T10:00:00Z'));
    const after = signer.sign({ n: 2 });
    expect(after.keyId).toBe(started.keyId);
    expect(after.keyId).not.toBe(before.keyId);
    expect(signer.publicKey.keyId).toBe(started.keyId);
  });

  it('verifies what every key signed while it was in use, against the published key set', () => {
    const ring = SigningKeyRing.inDirectory(dir);
    const signer = LedgerSigner.fromKeyRing(ring);
    const old = { summary: 'before', generatedAt: '2026-11-30T09:00:00.000Z' };
    const oldSignature = signer.sign(old);
    ring.rotate(new Date('2026-12-01T10:00:00Z'));
    const fresh = { summary: 'after', generatedAt: '2026-12-01T11:00:00.000Z' };
    const freshSignature = signer.sign(fresh);

    const keys = PublicKeySet.parse(published(ring));
    expect(keys.check(old, oldSignature, old.generatedAt)).toEqual({ valid: true });
    expect(keys.check(fresh, freshSignature, fresh.generatedAt)).toEqual({ valid: true });
    expect(keys.check({ ...old, summary: 'changed' }, oldSignature, old.generatedAt)).toMatchObject({ valid: false });
    // The old key, had it leaked, signing something dated after its retirement.
    expect(keys.check(old, oldSignature, '2026-12-05T00:00:00.000Z')).toMatchObject({
      valid: false,
      reason: expect.stringContaining('retired at 2026-12-01T10:00:00.000Z'),
    });
    expect(keys.check(fresh, freshSignature, '2026-11-01T00:00:00.000Z')).toMatchObject({
      valid: false,
      reason: expect.stringContaining('only came into use'),
    });
    const stranger = new LedgerSigner(generateKeyPairSync('ed25519').privateKey);
    expect(keys.check(old, stranger.sign(old))).toMatchObject({ valid: false, reason: expect.stringContaining("not one of the ledger's keys") });
  });

  it('reads a single published key, PEM, raw base64 or a note verifier key as a set of one', () => {
    const signer = LedgerSigner.fromKeyFile(join(dir, 'signing.key'));
    const signature = signer.sign({ a: 1 });
    const raw = signer.publicKey.raw.toString('base64');
    const forms = [
      JSON.stringify(signer.publicKey.published()),
      signer.publicKey.pem,
      raw,
      `ledger.example/log+0a1b2c3d+${Buffer.concat([Buffer.from([1]), signer.publicKey.raw]).toString('base64')}`,
    ];
    for (const form of forms) expect(PublicKeySet.parse(form).check({ a: 1 }, signature)).toEqual({ valid: true });
    expect(PublicKeySet.parse(forms[3]).keys[0].noteName).toBe('ledger.example/log');
  });

  it('refuses a key set file that names a key id not its own', () => {
    const ring = SigningKeyRing.inDirectory(dir);
    ring.rotate(new Date('2026-12-01T10:00:00Z'));
    const text = published(ring).replace(ring.entries()[0].keyId, 'f'.repeat(64));
    expect(() => PublicKeySet.parse(text)).toThrow(/keyId is not the id of its key/);
  });
});
