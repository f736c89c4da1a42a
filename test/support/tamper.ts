import Database from 'better-sqlite3';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventHash } from '@ledger/event-store';

/**
 * Edits a copy of a closed ledger's events.db behind its back, the way someone holding the file
 * could: with SQL, no ledger code in between. Returns the copied data directory.
 */
export function tamperWithCopy(dataDir: string, edit: (db: Database.Database) => void): string {
  const copy = mkdtempSync(join(tmpdir(), 'ledger-tampered-'));
  cpSync(dataDir, copy, { recursive: true });
  const db = new Database(join(copy, 'events.db'));
  edit(db);
  db.close();
  return copy;
}

/** Flips one bit of one byte (a letter, so the text stays ASCII) in an event's stored data. */
export function flipByteOfData(db: Database.Database, position: number): void {
  const data = Buffer.from(db.prepare('SELECT data FROM events WHERE position = ?').pluck().get(position) as string);
  const at = data.findIndex((byte, i) => i > data.length / 2 && /[a-z]/.test(String.fromCharCode(byte)));
  data[at] ^= 0x01;
  db.prepare('UPDATE events SET data = ? WHERE position = ?').run(data.toString(), position);
}

/** Swaps the stored data of two events. */
export function swapData(db: Database.Database, a: number, b: number): void {
  const read = db.prepare('SELECT data FROM events WHERE position = ?').pluck();
  const [dataA, dataB] = [read.get(a), read.get(b)];
  const write = db.prepare('UPDATE events SET data = ? WHERE position = ?');
  write.run(dataB, a);
  write.run(dataA, b);
}

/**
 * Rewrites a stream's data from a revision on and recomputes every hash after it, consistently:
 * the forgery a hash chain alone cannot catch.
 */
export function rewriteStream(
  db: Database.Database,
  stream: string,
  fromRevision: number,
  edit: (data: Record<string, unknown>) => Record<string, unknown>,
): void {
  type Row = { position: number; id: string; revision: number; type: string; data: string; metadata: string; recorded_at: string; prev_hash: Buffer | null };
  const rows = db.prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(stream) as Row[];
  const update = db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE position = ?');
  let prevHash: string | null = null;
  for (const row of rows) {
    const data = row.revision === fromRevision ? JSON.stringify(edit(JSON.parse(row.data))) : row.data;
    if (row.revision >= fromRevision) {
      const hash = eventHash({
        prevHash,
        streamId: stream,
        revision: row.revision,
        id: row.id,
        type: row.type,
        recordedAt: row.recorded_at,
        data,
        metadata: row.metadata,
      });
      update.run(data, prevHash === null ? null : Buffer.from(prevHash, 'hex'), Buffer.from(hash, 'hex'), row.position);
      prevHash = hash;
    } else {
      prevHash = db.prepare('SELECT lower(hex(hash)) FROM events WHERE position = ?').pluck().get(row.position) as string;
    }
  }
}
