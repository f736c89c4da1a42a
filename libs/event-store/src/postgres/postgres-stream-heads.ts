import type { Pool } from 'pg';
import type { StreamHead } from '../integrity/stream-head';
import { sortHeads } from '../integrity/stream-head';
import type { StreamHeads } from '../integrity/stream-heads';

/** Stream heads straight from the events table, in one statement (one snapshot), for ledger digests. */
export class PostgresStreamHeads implements StreamHeads {
  constructor(private readonly pool: Pool) {}

  async asOf(position: number): Promise<StreamHead[]> {
    if (position <= 0) return [];
    const { rows } = await this.pool.query<StreamHead>({
      name: 'ledger-stream-heads',
      text: `SELECT DISTINCT ON (stream) stream, revision, encode(hash, 'hex') AS hash
               FROM events WHERE position <= $1 ORDER BY stream, revision DESC`,
      values: [position],
    });
    return sortHeads(rows);
  }
}
