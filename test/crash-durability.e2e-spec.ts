import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '@ledger/access';
import { example } from './fixtures/catalog-examples';
import { spawnLedger } from './support/ledger-process';
import { tempDataDir } from './support/ledger-server';

/**
 * Nothing acknowledged is ever lost: a client streams appends into a real server process,
 * the process is killed with SIGKILL mid-stream, and after a restart every acknowledged
 * event is stored exactly once.
 */
describe('crash durability', () => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged append across a SIGKILL, once', async () => {
    // The same admin key for both processes: the second start finds the keys of the first.
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey() };
    const first = await spawnLedger(env);
    const acknowledged = new Set<string>();
    const sent: Record<string, unknown>[] = [];
    let killed = false;

    const writer = async (n: number) => {
      while (!killed) {
        const fact = example('PersonalDataCollected', {
          subject: { system: 'crash-test', externalId: `C-${n}-${sent.length % 50}` },
          personal: { email: `c${n}@example.nl` },
        });
        sent.push(fact);
        try {
          const res = await fetch(`${first.url}/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...first.auth },
            body: JSON.stringify(fact),
          });
          if (res.status === 201 || res.status === 200) acknowledged.add(fact.id as string);
        } catch {
          // the connection died with the server: not acknowledged
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, n) => writer(n));
    while (acknowledged.size < 400) await new Promise((r) => setTimeout(r, 10));
    await first.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    expect(acknowledged.size).toBeGreaterThanOrEqual(400);

    // Restart on the same files, then retry everything that was sent: the acknowledged ones
    // must come back as duplicates (200), the rest may be new (201) or duplicates.
    const second = await spawnLedger(env);
    try {
      for (const fact of sent) {
        const res = await fetch(`${second.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...second.auth },
          body: JSON.stringify(fact),
        });
        if (acknowledged.has(fact.id as string)) expect(res.status).toBe(200);
        else expect([200, 201]).toContain(res.status);
      }
    } finally {
      await second.kill('SIGTERM');
    }

    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    const counts = new Map((db.prepare('SELECT id, COUNT(*) AS n FROM events GROUP BY id').all() as { id: string; n: number }[]).map((r) => [r.id, r.n]));
    db.close();
    for (const id of acknowledged) expect(counts.get(id)).toBe(1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(new Set(sent.map((f) => f.id)).size);
  }, 180_000);
});
