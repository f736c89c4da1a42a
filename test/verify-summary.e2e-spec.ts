import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breachFact, detection } from './support/breach-facts';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { RunningLedger, startLedger } from './support/ledger-server';

/**
 * A regulator saves a summary and checks it offline with `ledger verify-summary`, a real child
 * process, holding nothing but the ledger's public key.
 */
describe('ledger verify-summary', () => {
  let ledger: RunningLedger;
  let dir: string;
  let saved: string;
  let original: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  /** The saved summary with one character of `value` (as it appears in the file) replaced. */
  const flipped = (value: string) => {
    const at = original.indexOf(value);
    expect(at).toBeGreaterThan(0);
    const i = at + value.length - 1;
    const replacement = original[i] === 'a' ? 'b' : original[i] === '0' ? '1' : original[i] === '1' ? '2' : 'a';
    return original.slice(0, i) + replacement + original.slice(i + 1);
  };

  beforeAll(async () => {
    ledger = await startLedger({
      LEDGER_NOW: '2026-03-01T12:00:00Z',
      LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json'),
    });
    const api = client(ledger.url, ledger.auth);
    await api.post(
      '/v1/events',
      detection('B-2026-07', '2026-02-27T08:00:00Z', { description: 'A laptop with a customer export was stolen.', approxSubjects: 1200, approxRecords: 1300 }),
    );
    const last = await api.post(
      '/v1/events',
      breachFact('B-2026-07', 'BreachAssessed', '2026-02-27T10:00:00Z', { risk: 'high', consequences: 'Fraud against the customers concerned.' }),
    );
    // Saved exactly as served, the way `curl -o` would.
    original = await (await fetch(`${ledger.url}/v1/breaches/B-2026-07/summary?minPosition=${last.body.position}`, { headers: ledger.auth })).text();
    dir = mkdtempSync(join(tmpdir(), 'verify-summary-'));
    saved = file('summary.json', original);
    file('signing-key.json', JSON.stringify((await api.get('/v1/keys/signing')).body));
    file('signing-key.pem', (await api.get('/v1/keys/signing')).body.publicKeyPem);
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a saved summary authentic with the published key, as JSON or PEM', async () => {
    for (const key of ['signing-key.json', 'signing-key.pem']) {
      const result = await runCli(['verify-summary', saved, '--public-key', join(dir, key)], {});
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(
        /^AUTHENTIC: the summary of breach B-2026-07 \(initial notification, generated 2026-03-01T12:00:00.000Z\) is signed by key [0-9a-f]{64} and unchanged since\.$/m,
      );
      // What was verified: this very file, and the signed content whose hash the HTML and PDF print.
      expect(result.stdout).toContain(
        `Verified: the whole "summary" object of ${saved} (file SHA-256 ${createHash('sha256').update(original).digest('hex')}), read strictly`,
      );
      const printed = (await client(ledger.url, ledger.auth).get('/v1/breaches/B-2026-07/summary?format=html')).body as string;
      const signedContent = /Signed content: its canonical JSON, SHA-256 ([0-9a-f]{64})/.exec(result.stdout)![1];
      expect(printed).toContain(signedContent);
    }
  });

  it("takes the key from the ledger's data directory when run beside the ledger", async () => {
    const result = await runCli(['verify-summary', saved], { LEDGER_DATA_DIR: ledger.dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('AUTHENTIC');
    expect(result.stdout).toContain(`Checked with the key in ${join(ledger.dataDir, 'signing.key')}`);
  });

  it.each([
    ['a count', '"approxSubjects":1200'],
    ['a description', 'A laptop with a customer export was stolen'],
    ['a date', '"awareAt":"2026-02-27T08:00:00.000Z'],
    ['the risk', '"risk":"high'],
    ['the signature', '"value":"'],
  ])('fails when one character of %s is changed', async (_, value) => {
    const changed = value === '"value":"' ? flipSignature(original) : flipped(value);
    expect(changed).not.toBe(original);
    const result = await runCli(['verify-summary', file('changed.json', changed), '--public-key', join(dir, 'signing-key.json')], {});
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NOT AUTHENTIC: the summary of breach B-2026-07');
    expect(result.stdout).toMatch(/does not match the signed content|not with key/);
  });

  describe('a file that reads one way and verifies another (two meanings, one signature)', () => {
    const verifyText = (name: string, text: string) => runCli(['verify-summary', file(name, text), '--public-key', join(dir, 'signing-key.json')], {});

    it('refuses a forged "summary" followed by the genuine one, which JSON.parse would have verified', async () => {
      const genuine = JSON.parse(original);
      const forged = { ...genuine.summary, affected: { ...genuine.summary.affected, approxSubjects: 12 } };
      expect(JSON.stringify(forged)).not.toBe(JSON.stringify(genuine.summary));
      // A reader (and a viewer that keeps the first key) sees 12 subjects; JSON.parse keeps the signed 1200.
      const text = `{"summary":${JSON.stringify(forged)},${original.slice(1)}`;
      expect(JSON.parse(text)).toEqual(genuine);
      const result = await verifyText('forged.json', text);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toContain('the key "summary" appears twice at the top level: the file could be read with another meaning than the one signed');
    });

    it('refuses a number written with digits the signed value does not have', async () => {
      const text = original.replace('"approxSubjects":1200', '"approxSubjects":1200.000000000000000001');
      expect(text).not.toBe(original);
      expect(JSON.parse(text)).toEqual(JSON.parse(original));
      const result = await verifyText('digits.json', text);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toContain('the number 1200.000000000000000001 in summary.affected.approxSubjects is not written canonically (it reads as 1200)');
    });

    it('refuses bytes that are not UTF-8', async () => {
      const path = join(dir, 'latin1.json');
      writeFileSync(path, Buffer.concat([Buffer.from(original.slice(0, 50)), Buffer.from([0xe9]), Buffer.from(original.slice(50))]));
      const result = await runCli(['verify-summary', path, '--public-key', join(dir, 'signing-key.json')], {});
      expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('the file is not UTF-8 text') });
    });
  });

  it("fails with another ledger's key, naming the key that signed", async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const result = await runCli(['verify-summary', saved, '--public-key', file('other.pem', other)], {});
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/NOT AUTHENTIC: .* signed with key [0-9a-f]{64}, not with key [0-9a-f]{64}/);
  });

  it('cannot verify a file with an unsigned addition, a file that is not a summary, or without a key', async () => {
    const addition = await runCli(
      ['verify-summary', file('added.json', JSON.stringify({ ...JSON.parse(original), verifiedBy: 'me' })), '--public-key', join(dir, 'signing-key.json')],
      {},
    );
    expect(addition).toMatchObject({ code: 2, stderr: expect.stringContaining('unsigned field beside the summary: verifiedBy') });
    const notJson = await runCli(['verify-summary', file('broken.json', original.slice(0, 100)), '--public-key', join(dir, 'signing-key.json')], {});
    expect(notJson).toMatchObject({ code: 2, stderr: expect.stringContaining('not JSON') });
    const noKey = await runCli(['verify-summary', saved, '--public-key', join(dir, 'missing.pem')], {});
    expect(noKey).toMatchObject({ code: 2, stderr: expect.stringContaining('there is no public key file') });
  });
});

/** The saved summary with the first character of its signature value changed. */
function flipSignature(text: string): string {
  const at = text.indexOf('"value":"', text.indexOf('"signature"')) + '"value":"'.length;
  return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
}
