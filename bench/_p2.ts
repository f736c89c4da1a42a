import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '@ledger/event-store';
import { logLeafHash, CompactRange } from '@ledger/transparency';
const N = 200000;
const events = Array.from({ length: N }, (_, i) => ({ id: randomUUID(), hash: createHash('sha256').update(String(i)).digest('hex') }));
const time = (name: string, f: () => void) => { const t = process.hrtime.bigint(); f(); const s = Number(process.hrtime.bigint() - t) / 1e9; console.log(`${name}: ${(s / N * 1e6).toFixed(2)} us/event`); };
time('hash only', () => { const r = new CompactRange(); for (const e of events) r.append(logLeafHash(e.id, e.hash), () => {}); });
for (const variant of ['leaves', 'hashes']) {
  const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'tp-')), 't.db'), { synchronous: 'NORMAL' });
  db.exec(`CREATE TABLE h (id INTEGER PRIMARY KEY, hash BLOB NOT NULL); CREATE TABLE l (event_id TEXT PRIMARY KEY, leaf_index INTEGER NOT NULL, event_hash BLOB NOT NULL) WITHOUT ROWID;`);
  const ih = db.prepare('INSERT INTO h VALUES (?, ?)'); const il = db.prepare('INSERT INTO l VALUES (?, ?, ?)');
  let n = 0;
  const tx = db.transaction((b: typeof events) => { for (const e of b) { if (variant === 'leaves') il.run(e.id, n++, Buffer.from(e.hash, 'hex')); else { ih.run(n++, Buffer.from(e.hash, 'hex')); ih.run(n++, Buffer.from(e.hash, 'hex')); } } });
  time(variant, () => { for (let i = 0; i < N; i += 500) tx(events.slice(i, i + 500)); });
}
