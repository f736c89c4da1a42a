import type Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { EVENT_HASH_PREIMAGE_SQL } from '../chain/event-hash';
import type { RangeChecker } from './range-checker';

type ScanRow = [position: number, stream: string, revision: number, prevHash: string | null, hash: string | null, preimage: string | null];

/**
 * Feeds the events stored at positions [from, to] to a checker, hashing each event's stored
 * bytes. Columns arrive as text (hashes in hex): strings are far cheaper to make and drop than
 * Buffers. Calls `onRows` with the number of rows read every `every` rows and at the end.
 */
export function scanRange(
  db: Database.Database,
  from: number,
  to: number,
  checker: RangeChecker,
  onRows: (rows: number) => void = () => undefined,
  every = 16_384,
): void {
  const rows = db
    .prepare(
      `SELECT position, stream, revision, NULLIF(lower(hex(prev_hash)), ''), lower(hex(hash)), ${EVENT_HASH_PREIMAGE_SQL}
         FROM events WHERE position BETWEEN ? AND ? ORDER BY position`,
    )
    .raw()
    .iterate(from, to) as IterableIterator<ScanRow>;
  let pending = 0;
  for (const [position, stream, revision, prevHash, stored, preimage] of rows) {
    // A NULL column makes the whole preimage NULL: such an event matches no hash.
    const intact = preimage !== null && hash('sha256', preimage, 'hex') === stored;
    checker.add(position, stream, revision, prevHash, stored ?? '', intact);
    if (++pending === every) {
      onRows(pending);
      pending = 0;
    }
  }
  if (pending) onRows(pending);
}
