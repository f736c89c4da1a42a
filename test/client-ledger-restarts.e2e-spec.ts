import { LedgerClient, LedgerUnavailableError } from '@privacy-ledger/client';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '@ledger/access';
import { client as http } from './support/http';
import { freePort, LedgerProcess, spawnLedger } from './support/ledger-process';
import { tempDataDir } from './support/ledger-server';

const FACTS = 10_000;

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
};

/**
 * Issue 16: a service records 10,000 facts through the client while the ledger is killed with
 * SIGKILL and started again, twice. The client retries with the same ids; every fact is in the
 * log exactly once.
 */
describe('client across ledger crashes (a real ledger process, SIGKILLed twice)', () => {
  const dataDir = tempDataDir();
  let ledger: LedgerProcess | undefined;
  afterAll(async () => {
    await ledger?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gets every one of 10,000 facts into the log exactly once', async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey() };
    const port = await freePort();
    ledger = await spawnLedger(env, { port });
    const apiKey = (await http(ledger.url, ledger.auth).post('/v1/admin/keys', { name: 'restarts', role: 'emitter', systems: ['signup-service'] })).body
      .key as string;

    const failures: LedgerUnavailableError[] = [];
    const client = new LedgerClient({
      url: ledger.url,
      apiKey,
      system: 'signup-service',
      batch: { maxSize: 250, intervalMs: 20 },
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
      // The service goes on recording while the ledger is down, until 1,000 facts wait; then record() waits for room.
      maxPending: 1000,
      backpressureTimeoutMs: 120_000,
      onRetry: (failure) => failures.push(failure),
    });

    const ids: string[] = [];
    let next = 0;
    const service = async () => {
      while (next < FACTS) {
        const n = next++;
        const { id } = await client.consentGiven({
          subject: client.subject(`C-${n % 500}`),
          data: { purpose: 'newsletter', consentRef: `ref-${n}` },
        });
        ids.push(id);
      }
    };
    const killedWhile: number[] = [];
    const operator = async () => {
      for (const threshold of [2500, 6000]) {
        await until(() => client.status().acknowledged >= threshold);
        killedWhile.push(ids.length);
        await ledger!.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 200));
        ledger = await spawnLedger(env, { port });
      }
    };
    await Promise.all([...Array.from({ length: 4 }, service), operator()]);
    await client.flush();
    const status = client.status();
    await client.close();
    await ledger.kill('SIGTERM');

    // Both kills came while the service was still recording, and the client saw them.
    expect(killedWhile).toHaveLength(2);
    for (const recordedThen of killedWhile) expect(recordedThen).toBeLessThan(FACTS);
    expect(failures.length).toBeGreaterThan(0);
    expect(status).toMatchObject({ pending: 0, recorded: FACTS, acknowledged: FACTS, rejected: 0 });

    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    const rows = db.prepare("SELECT id, json_extract(data, '$.consentRef') AS ref FROM events WHERE type = 'ConsentGiven'").all() as {
      id: string;
      ref: string;
    }[];
    db.close();
    expect(rows).toHaveLength(FACTS);
    expect(new Set(rows.map((r) => r.ref)).size).toBe(FACTS);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
  }, 300_000);
});
