import type Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { EVENT_HASH_PREIMAGE_SQL } from '../chain/event-hash';
import type { RangeChecker } from './range-checker';

type ScanRow = [position: number, stream: string, revision: number, hash: string | null, preimage: string];

/** Positions read per statement: pages cost less per row than better-sqlite3's row iterator. */
const PAGE = 1024;

/**
 * Feeds the events stored at positions [from, to] to a checker, hashing each event's stored
 * bytes. Columns arrive as text (the hash in hex): strings are far cheaper to make and drop
 * than Buffers, and the recorded predecessor hash is read off the front of the hashed text.
 * Calls `onRows` with the number of rows read after each page.
 */
export function scanRange(db: Database.Database, from: number, to: number, checker: RangeChecker, onRows: (rows: number) => void = () => undefined): void {
  const page = db
    .prepare(`SELECT position, stream, revision, lower(hex(hash)), ${EVENT_HASH_PREIMAGE_SQL} FROM events WHERE position BETWEEN ? AND ? ORDER BY position`)
    .raw();
  for (let first = from; first <= to; first += PAGE) {
    const rows = page.all(first, Math.min(to, first + PAGE - 1)) as ScanRow[];
    for (const [position, stream, revision, stored, preimage] of rows) {
      const prevHash = preimage.slice(0, preimage.indexOf('\n')) || null;
      checker.add(position, stream, revision, prevHash, stored ?? '', hash('sha256', preimage, 'hex') === stored);
    }
    if (rows.length) onRows(rows.length);
  }
}
