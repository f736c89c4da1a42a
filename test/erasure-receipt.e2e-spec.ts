import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { C1002, C1002_CPANEL_TOLD, HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { eventually } from './support/eventually';
import { encodings } from './support/file-scan';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { RunningLedger, startLedger } from './support/ledger-server';

/**
 * DOMAIN.md's C-1002, erased once cpanel is told: the DPO hands the person (or a regulator) a
 * receipt, which they check offline with `ledger verify-receipt` (a real child process) and the
 * ledger's public key alone.
 */
describe('erasure receipts', () => {
  let ledger: RunningLedger;
  let dir: string;
  let subjectId: string;
  let original: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const verifyReceipt = (receipt: string, key: string) => runCli(['verify-receipt', receipt, '--public-key', key], {});

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'erasure-receipt-'));
    ledger = await startLedger({ LEDGER_NOW: SCENARIO_NOW });
    const api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'erasure receipt test' });
    expect((await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO })).status).toBe(201);
    subjectId = (await api.get('/v1/subjects?system=customer-portal&externalId=C-1002')).body.subjectId;

    // Nothing shredded yet: cpanel was never told.
    const early = await api.get(`/v1/subjects/${subjectId}/erasure/receipt`);
    expect(early.status).toBe(404);
    expect(early.body.message).toContain('nothing of subject');

    expect((await api.post('/v1/events', C1002_CPANEL_TOLD)).status).toBe(201);
    await eventually(
      async () => ((await api.get(`/v1/subjects/${subjectId}/erasure`)).body.state === 'retained' ? true : undefined),
      'the keys to be shredded',
    );
    const res = await fetch(`${ledger.url}/v1/subjects/${subjectId}/erasure/receipt`, {
      headers: { ...ledger.auth, 'x-purpose': 'erasure receipt for the subject' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`erasure-receipt-${subjectId}.json`);
    original = await res.text();
    const keys = (await api.get('/v1/keys/signing')).body;
    file('receipt.json', original);
    file('keys.json', JSON.stringify(keys));
    file('key.pem', keys.publicKeyPem);
    file('key.vkey', keys.noteVerifierKey);
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("holds the SubjectDataShredded event, its inclusion proof and the ledger's signed checkpoint", () => {
    const receipt = JSON.parse(original);
    expect(receipt).toMatchObject({ format: 'privacy-ledger/erasure-receipt/v1', subjectId, treeSize: expect.any(Number) });
    expect(receipt.shredded).toEqual([
      {
        event: expect.objectContaining({
          type: 'SubjectDataShredded',
          streamId: `subject-${subjectId}`,
          data: expect.objectContaining({ keyGroups: ['identity', 'contact'], requestId: 'R-1002-1' }),
        }),
        leafIndex: expect.any(Number),
        leafHash: expect.any(String),
        hashes: expect.any(Array),
      },
    ]);
    expect(receipt.checkpoint).toMatch(/^privacy-ledger\/[0-9a-f]{16}\n\d+\n[A-Za-z0-9+/]{43}=\n\n— privacy-ledger\/[0-9a-f]{16} \S+\n$/);
  });

  it('verifies offline with the public key alone, as JSON, PEM or note verifier key, and says what it proves', async () => {
    for (const key of ['keys.json', 'key.pem', 'key.vkey']) {
      const result = await verifyReceipt(join(dir, 'receipt.json'), join(dir, key));
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(`VERIFIED: the ledger recorded in its log that it destroyed the keys to personal data of subject ${subjectId}:`);
      expect(result.stdout).toMatch(/2026-11-24T12:00:00.000Z: the keys of identity, contact \(erasure, request R-1002-1\); categories .*user\.contact\.email/);
      expect(result.stdout).toContain('The receipt holds no personal value.');
    }
  });

  it.each([
    ['a category in the event', '"user.contact.email"', 'does not match its hash'],
    ['the request id', '"requestId":"R-', 'does not match its hash'],
    ['the leaf index', '"leafIndex":', 'not proven to be in the log'],
    ['a proof hash', '"hashes":["', 'not proven to be in the log'],
    ['the leaf hash', '"leafHash":"', "the leaf hash is not this event's"],
    ['the tree size', '"treeSize":', 'its checkpoint says'],
    ['the checkpoint root', 'ROOT', 'not signed by the ledger'],
    ['the checkpoint signature', 'SIGNATURE', 'does not match the text'],
  ])('fails after one changed character in %s', async (_, near, reason) => {
    const note = JSON.parse(original).checkpoint as string;
    const [origin, , root] = note.split('\n');
    // Past the key ID (the first 4 bytes, 6 base64 characters) into the Ed25519 signature itself.
    const signature = note.slice(note.indexOf(`${origin} `) + origin.length + 1);
    const at = { ROOT: root.slice(0, 10), SIGNATURE: `${origin} ${signature.slice(0, 10)}` }[near] ?? near;
    const changed = changeOneCharacter(original, at);
    expect(changed).not.toBe(original);
    expect(changed).toHaveLength(original.length);
    const result = await verifyReceipt(file('changed.json', changed), join(dir, 'keys.json'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`NOT VERIFIED: the erasure receipt of subject ${subjectId}`);
    expect(result.stdout).toContain(reason);
  });

  it("fails with another ledger's key, and cannot verify a file that is not a receipt", async () => {
    const other = await startLedger();
    try {
      const otherKey = file('other.json', JSON.stringify((await client(other.url, other.auth).get('/v1/keys/signing')).body));
      const result = await verifyReceipt(join(dir, 'receipt.json'), otherKey);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('no signature by a trusted key');
    } finally {
      await other.close();
    }
    const added = await verifyReceipt(file('added.json', JSON.stringify({ ...JSON.parse(original), name: 'Klant 1002' })), join(dir, 'keys.json'));
    expect(added).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown field in the receipt: name') });
    const broken = await verifyReceipt(file('broken.json', original.slice(0, 80)), join(dir, 'keys.json'));
    expect(broken).toMatchObject({ code: 2, stderr: expect.stringContaining('not JSON') });
  });

  it("records who fetched the receipt in the access audit log; the purpose is not kept, the subject's keys being gone", async () => {
    const audit = await client(ledger.url, ledger.auth).get(`/v1/audit/access?subjectId=${subjectId}`);
    const me = (await client(ledger.url, ledger.auth).get('/v1/me')).body;
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([expect.objectContaining({ keyId: me.keyId, purpose: '[erased]', route: expect.stringContaining('/erasure/receipt') })]),
    );
  });

  it('contains no personal value of C-1002, in any encoding', () => {
    // The browser and device types ("Safari", "phone") are words, not values that single anyone
    // out; category names such as user.contact.phone_number contain them by nature.
    const values = C1002.flatMap((fact) => Object.entries((fact.personal ?? {}) as Record<string, string>))
      .filter(([field]) => !['browserType', 'deviceType'].includes(field))
      .map(([, value]) => value);
    expect(values).toEqual(expect.arrayContaining(['klant1002@example.nl', 'NL91ABNA0417164300', '198.51.100.7']));
    const bytes = readFileSync(join(dir, 'receipt.json'));
    const found = [...values, 'C-1002'].filter((value) => encodings(value).some((form) => bytes.includes(form)));
    expect(found).toEqual([]);
  });
});

/**
 * The receipt with one character changed: the first character after `near` whose change keeps
 * the JSON valid (a letter, digit or base64 character), replaced by another of its kind. `near`
 * may be a JSON-escaped fragment of the checkpoint note.
 */
function changeOneCharacter(text: string, near: string): string {
  const from = text.indexOf(near);
  expect(from).toBeGreaterThanOrEqual(0);
  for (let i = from + near.length; i < text.length; i++) {
    const c = text[i];
    if (/[0-9]/.test(c)) return text.slice(0, i) + String((Number(c) + 1) % 10) + text.slice(i + 1);
    if (/[A-Za-z]/.test(c)) return text.slice(0, i) + (c === 'a' ? 'b' : c === 'A' ? 'B' : 'a') + text.slice(i + 1);
  }
  throw new Error(`nothing to change after ${near}`);
}
