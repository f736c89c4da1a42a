import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breachFact, detection } from './support/breach-facts';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { RunningLedger, startLedger } from './support/ledger-server';

const NOW = '2026-03-01T12:00:00Z';

/**
 * `ledger keys rotate-signing` beside a running ledger: the ledger signs with the new key at
 * once, and what the old key signed before — a breach summary, a digest, a checkpoint — still
 * verifies against the published key set.
 */
describe('signing key rotation', () => {
  let ledger: RunningLedger;
  let dir: string;
  let api: ReturnType<typeof client>;
  let position = 0;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const record = async (fact: Record<string, unknown>) => {
    const res = await api.post('/v1/events', fact);
    expect(res.status).toBe(201);
    position = res.body.position;
  };
  /** The body as served; reads of read models wait for the last fact recorded. */
  const text = async (path: string) => {
    const fresh = path.includes('/summary') || path.includes('/checkpoint') ? `?minPosition=${position}` : '';
    const res = await fetch(`${ledger.url}${path}${fresh}`, { headers: ledger.auth });
    expect(res.status).toBe(200);
    return res.text();
  };
  const before: Record<string, string> = {};
  let rotation: { retired: { keyId: string }; started: { keyId: string } };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'key-rotation-'));
    ledger = await startLedger({ LEDGER_NOW: NOW, LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json') });
    api = client(ledger.url, ledger.auth);
    await record(detection('B-2026-11', '2026-02-28T08:00:00Z', { description: 'A misdirected e-mail with a customer list.' }));
    before.summary = file('summary-before.json', await text('/v1/breaches/B-2026-11/summary'));
    before.digest = file('digest-before.json', await text('/v1/ledger/digest'));
    before.checkpoint = file('checkpoint-before.txt', await text('/v1/ledger/checkpoint'));
    before.keys = file('keys-before.json', await text('/v1/keys/signing'));

    const rotated = await runCli(['keys', 'rotate-signing', '--json'], { LEDGER_DATA_DIR: ledger.dataDir, LEDGER_NOW: NOW });
    expect(rotated).toMatchObject({ code: 0, stderr: '' });
    rotation = JSON.parse(rotated.stdout);
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes both keys with their periods, the new one at the top level, and signs with it at once', async () => {
    const keys = (await api.get('/v1/keys/signing')).body;
    expect(keys).toMatchObject({ keyId: rotation.started.keyId, validFrom: '2026-03-01T12:00:00.000Z' });
    expect(keys.keys).toEqual([
      expect.objectContaining({ keyId: rotation.retired.keyId, validFrom: null, validUntil: '2026-03-01T12:00:00.000Z' }),
      expect.objectContaining({ keyId: rotation.started.keyId, validFrom: '2026-03-01T12:00:00.000Z', validUntil: null }),
    ]);
    // The checkpoints' origin stays: it names the log, not the key.
    expect(keys.checkpointOrigin).toBe(JSON.parse(readFileSync(before.keys, 'utf8')).checkpointOrigin);
    await record(breachFact('B-2026-11', 'BreachAssessed', '2026-02-28T10:00:00Z', { risk: 'high', consequences: 'Phishing of the customers concerned.' }));
    const after = JSON.parse(await text('/v1/breaches/B-2026-11/summary'));
    expect(after.signature.keyId).toBe(rotation.started.keyId);
  });

  it('still verifies a summary signed before the rotation, with the published key set, and says which key signed it when', async () => {
    const keys = file('keys-after.json', await text('/v1/keys/signing'));
    const old = await runCli(['verify-summary', before.summary, '--public-key', keys], {});
    expect(old).toMatchObject({ code: 0, stderr: '' });
    expect(old.stdout).toContain(`AUTHENTIC: the summary of breach B-2026-11`);
    expect(old.stdout).toContain(`signed by key ${rotation.retired.keyId} (in use from the start until 2026-03-01T12:00:00.000Z)`);

    const fresh = file('summary-after.json', await text('/v1/breaches/B-2026-11/summary'));
    expect((await runCli(['verify-summary', fresh, '--public-key', keys], {})).code).toBe(0);
    // A verifier who kept only the old key cannot check what the new key signs: it must fetch the key set again.
    const stale = await runCli(['verify-summary', fresh, '--public-key', before.keys], {});
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(`signed with key ${rotation.started.keyId}, not with key ${rotation.retired.keyId}`);
    // Beside the ledger, the keys come from its data directory: every key, old and new.
    const local = await runCli(['verify-summary', before.summary], { LEDGER_DATA_DIR: ledger.dataDir });
    expect(local.code).toBe(0);
    expect(local.stdout).toContain(`Checked with the key in ${join(ledger.dataDir, 'signing-keys.json')}`);
  });

  it('still verifies the digest and the checkpoint signed before the rotation', async () => {
    const keys = file('keys-after.json', await text('/v1/keys/signing'));
    const digest = await runCli(['verify', '--digest', before.digest, '--public-key', keys], { LEDGER_DATA_DIR: ledger.dataDir });
    expect(digest.code).toBe(0);
    expect(digest.stdout).toContain(`signed by key ${rotation.retired.keyId}`);
    const checkpoint = await runCli(['verify', '--since-checkpoint', before.checkpoint, '--public-key', keys], { LEDGER_DATA_DIR: ledger.dataDir });
    expect(checkpoint.code).toBe(0);
    expect(checkpoint.stdout).toContain('EXTENDS: the log now holds');
    const fresh = file('checkpoint-after.txt', await text('/v1/ledger/checkpoint'));
    expect((await runCli(['verify', '--since-checkpoint', fresh, '--public-key', keys], { LEDGER_DATA_DIR: ledger.dataDir })).code).toBe(0);
  });
});
