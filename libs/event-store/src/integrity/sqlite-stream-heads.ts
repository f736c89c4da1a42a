import type Database from 'better-sqlite3';
import type { StreamHead } from './stream-head';
import { sortHeads } from './stream-head';
import type { StreamHeads } from './stream-heads';

// Hashes are read as hex text: one Buffer per stream costs more than the query.
type HeadRow = [stream: string, revision: number, hash: string];

/**
 * Stream heads straight from the events table. The current heads come from the covering
 * (stream, revision) index, one lookup per stream. Heads as of an earlier position start from
 * those and re-read only the streams written to since; when that is a large part of the log,
 * one sequential scan is cheaper than the index lookups.
 *
 * Synchronous under the hood: on the server's own connection this reads a consistent snapshot.
 */
export class SqliteStreamHeads implements StreamHeads {
  private readonly stmt: Record<'head' | 'newer' | 'current' | 'scan' | 'touched' | 'headAsOf', Database.Statement>;

  constructor(db: Database.Database) {
    this.stmt = {
      head: db.prepare('SELECT MAX(position) FROM events').pluck(),
      newer: db.prepare('SELECT COUNT(*) FROM events WHERE position > ?').pluck(),
      current: db
        .prepare(
          `SELECT e.stream, e.revision, lower(hex(e.hash))
             FROM (SELECT stream, MAX(revision) AS revision FROM events GROUP BY stream) AS h
             JOIN events AS e ON e.stream = h.stream AND e.revision = h.revision`,
        )
        .raw(),
      // SQLite documents that the bare columns of a MAX() aggregate come from the row holding the maximum.
      scan: db.prepare('SELECT stream, MAX(revision), lower(hex(hash)) FROM events NOT INDEXED WHERE position <= ? GROUP BY stream').raw(),
      touched: db.prepare('SELECT DISTINCT stream FROM events WHERE position > ?').pluck(),
      headAsOf: db.prepare('SELECT stream, revision, lower(hex(hash)) FROM events WHERE stream = ? AND position <= ? ORDER BY revision DESC LIMIT 1').raw(),
    };
  }

  async asOf(position: number): Promise<StreamHead[]> {
    return this.headsAt(position);
  }

  headsAt(position: number): StreamHead[] {
    const last = this.stmt.head.get() as number | null;
    if (last === null || position <= 0) return [];
    const newer = this.stmt.newer.get(position) as number;
    if (newer === 0) return sortHeads((this.stmt.current.all() as HeadRow[]).map(toHead));
    if (newer * 8 > last) return sortHeads((this.stmt.scan.all(position) as HeadRow[]).map(toHead));
    const heads = new Map((this.stmt.current.all() as HeadRow[]).map((row) => [row[0], toHead(row)]));
    for (const stream of this.stmt.touched.all(position) as string[]) {
      const row = this.stmt.headAsOf.get(stream, position) as HeadRow | undefined;
      if (row) heads.set(stream, toHead(row));
      else heads.delete(stream);
    }
    return sortHeads([...heads.values()]);
  }
}

const toHead = ([stream, revision, hash]: HeadRow): StreamHead => ({ stream, revision, hash });
