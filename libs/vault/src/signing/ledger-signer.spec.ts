import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerSigner } from './ledger-signer';
import { PublicSigningKey } from './public-signing-key';

describe('LedgerSigner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-signing-'));
  const keyFile = join(dir, 'data', 'signing.key');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its key on first use as a PKCS#8 PEM file only the owner can read, and keeps it', () => {
    const first = LedgerSigner.fromKeyFile(keyFile);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(LedgerSigner.fromKeyFile(keyFile).keyId).toBe(first.keyId);
  });

  it('names its key by the SHA-256 of the raw public key', () => {
    const signer = LedgerSigner.fromKeyFile(keyFile);
    expect(signer.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(signer.publicKey.raw).toHaveLength(32);
    expect(signer.publicKey.published()).toEqual({
      algorithm: 'Ed25519',
      keyId: signer.keyId,
      publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/),
      publicKeyBase64: signer.publicKey.raw.toString('base64'),
    });
  });

  it('signs the canonical JSON, so key order does not matter but one changed character does', () => {
    const signer = LedgerSigner.fromKeyFile(keyFile);
    const signature = signer.sign({ position: 12, root: 'abc', nested: { b: 1, a: 2 } });
    expect(signer.check({ nested: { a: 2, b: 1 }, root: 'abc', position: 12 }, signature)).toEqual({ valid: true });
    expect(signer.check({ position: 12, root: 'abd', nested: { b: 1, a: 2 } }, signature)).toMatchObject({ valid: false });
    const flipped = { ...signature, value: (signature.value[0] === 'A' ? 'B' : 'A') + signature.value.slice(1) };
    expect(signer.check({ position: 12, root: 'abc', nested: { b: 1, a: 2 } }, flipped)).toMatchObject({ valid: false });
  });

  it('is checked by the public key alone, read from PEM, raw base64 or the published JSON', () => {
    const signer = LedgerSigner.fromKeyFile(keyFile);
    const signature = signer.sign({ hello: 'world' });
    const forms = [signer.publicKey.pem, signer.publicKey.raw.toString('base64'), JSON.stringify(signer.publicKey.published())];
    for (const form of forms) {
      const key = PublicSigningKey.parse(form);
      expect(key.keyId).toBe(signer.keyId);
      expect(key.check({ hello: 'world' }, signature)).toEqual({ valid: true });
    }
  });

  it("refuses another ledger's signature, saying which key made it", () => {
    const other = new LedgerSigner(generateKeyPairSync('ed25519').privateKey);
    const signature = other.sign({ hello: 'world' });
    expect(LedgerSigner.fromKeyFile(keyFile).check({ hello: 'world' }, signature)).toEqual({
      valid: false,
      reason: expect.stringContaining(other.keyId),
    });
  });

  it('refuses a key file that holds no Ed25519 key', () => {
    const rsa = join(dir, 'rsa.key');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    expect(() => LedgerSigner.fromKeyFile(rsa)).toThrow(/Ed25519/);
  });
});
