import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { EVENT_HASH_PREIMAGE_SQL } from './event-hash';

describe('EVENT_HASH_PREIMAGE_SQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-hash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds in SQL exactly the text each stored hash covers', async () => {
    const file = join(dir, 'events.db');
    const store = new SqliteEventStore({ file });
    await store.append('subject-ü', [
      { id: 'e1', type: 'PersonalDataCollected', data: { note: 'Grüße, 日本, 🎉', quote: '"\n\\' }, metadata: { n: 1.5 } },
      { id: 'e2', type: 'ConsentGiven', data: {} },
    ]);
    await store.append('breach-B-1', [{ id: 'e3', type: 'BreachDetected', data: { n: -0, big: 1e21 } }]);
    await store.close();

    const db = new Database(file, { readonly: true });
    const rows = db.prepare(`SELECT lower(hex(hash)) AS hash, ${EVENT_HASH_PREIMAGE_SQL} AS preimage FROM events`).all() as {
      hash: string;
      preimage: string;
    }[];
    db.close();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(hash('sha256', row.preimage, 'hex')).toBe(row.hash);
  });
});
