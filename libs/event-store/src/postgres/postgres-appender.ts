import type { Pool, PoolClient } from 'pg';
import { isDatabaseUnavailable } from '@ledger/postgres';
import type { AppendResult } from '../port/recorded-event';
import { AppendPlan, LogState, NewRow, PendingAppend, StoredEvent, StreamTip, planAppend } from './append-plan';
import { APPENDED_CHANNEL, BEGIN_WITH_LOG_LOCK } from './log-lock';

interface Queued {
  readonly append: PendingAppend;
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

export interface PostgresAppenderOptions {
  pool: Pool;
  /** Events per transaction at most; one append larger than this still goes alone. */
  maxBatchEvents: number;
  /** After each commit that stored events, with the log's new last position. */
  onCommitted(position: number): void;
}

// The log as it is: its last position, the tips of the batch's streams, and the stored events
// with the batch's ids, in one statement (one snapshot). Read before the lock is taken: it is
// the costly part (an index probe per stream and per id), and other processes' appends need not
// wait for it.
const LOG_STATE_SQL = `
SELECT
  (SELECT COALESCE(MAX(position), 0) FROM events)::text AS position,
  (SELECT json_agg(json_build_object('stream', t.stream, 'revision', t.revision, 'hash', encode(t.hash, 'hex')))
     FROM unnest($1::text[]) AS s(stream)
     CROSS JOIN LATERAL (SELECT e.stream, e.revision, e.hash FROM events e WHERE e.stream = s.stream ORDER BY e.revision DESC LIMIT 1) AS t
  ) AS tips,
  (SELECT json_agg(json_build_object('position', e.position, 'id', e.id, 'stream', e.stream, 'revision', e.revision,
                                     'type', e.type, 'data', e.data, 'metadata', e.metadata))
     FROM events e WHERE e.id = ANY($2::text[])
  ) AS stored`;

// Under the lock: the last position, and what was committed since the state was read that
// touches the batch's streams or ids. Positions become visible in order (log-lock.ts), so
// every row up to the state's position was in it, and these rows complete it.
const SINCE_SQL = `
SELECT
  (SELECT COALESCE(MAX(position), 0) FROM events)::text AS position,
  (SELECT json_agg(json_build_object('position', e.position, 'id', e.id, 'stream', e.stream, 'revision', e.revision,
                                     'type', e.type, 'data', e.data, 'metadata', e.metadata, 'hash', encode(e.hash, 'hex'))
                   ORDER BY e.position)
     FROM events e
    WHERE e.position > $3 AND (e.stream IN (SELECT unnest($1::text[])) OR e.id IN (SELECT unnest($2::text[])))
  ) AS since`;

const INSERT_SQL = `
INSERT INTO events (position, id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash)
SELECT x.position, x.id, x.stream, x.revision, x.type, x.data, x.metadata, x.recorded_at, decode(x.prev_hash, 'hex'), decode(x.hash, 'hex')
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS x(position, id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash)`;

interface LogStateRow {
  position: string;
  tips: ({ stream: string } & StreamTip)[] | null;
  stored: StoredEvent[] | null;
}

interface SinceRow {
  position: string;
  since: (StoredEvent & { hash: string })[] | null;
}

/**
 * Group commit on PostgreSQL: appends that arrive while a transaction is in flight wait and go
 * together in the next one, so one lock, one round-trip sequence and one fsync serve them all.
 * Each append still succeeds or fails on its own: all are decided in memory under the lock
 * (planAppend) and only the successful ones' rows are inserted. Promises settle after COMMIT.
 */
export class PostgresAppender {
  private queue: Queued[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly options: PostgresAppenderOptions) {}

  submit(append: PendingAppend): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      // Started on the next turn, so the appends of this one share the first transaction.
      this.running ??= new Promise<void>((started) => setImmediate(started)).then(() => this.drain());
    });
  }

  /** Resolves once every submitted append has settled. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.takeBatch());
    } finally {
      this.running = null;
    }
  }

  private takeBatch(): Queued[] {
    let events = 0;
    let taken = 0;
    while (taken < this.queue.length) {
      const size = this.queue[taken].append.writes.reduce((n, w) => n + w.events.length, 0);
      if (taken > 0 && events + size > this.options.maxBatchEvents) break;
      events += size;
      taken += 1;
    }
    return this.queue.splice(0, taken);
  }

  private async commit(batch: Queued[]): Promise<void> {
    let plans: AppendPlan[];
    try {
      plans = await this.transaction(batch.map((q) => q.append));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // Something one append carried (or the connection) failed the shared transaction: each alone.
      for (const queued of batch) await this.commit([queued]);
      return;
    }
    plans.forEach((plan, i) => (plan.ok ? batch[i].resolve(plan.results) : batch[i].reject(plan.error)));
  }

  private async transaction(appends: PendingAppend[]): Promise<AppendPlan[]> {
    const client = await this.options.pool.connect();
    let failure: Error | undefined;
    try {
      const { streams, ids } = namesOf(appends);
      const state = await logState(client, streams, ids);
      await client.query(BEGIN_WITH_LOG_LOCK);
      await catchUp(client, state, streams, ids);
      const plans = appends.map((append) => planAppend(append, state));
      const rows = plans.flatMap((plan) => (plan.ok ? plan.rows : []));
      if (rows.length === 0) {
        await client.query('COMMIT');
        return plans;
      }
      await insert(client, rows);
      // The notification is sent at commit, to the followers of every process.
      await client.query(`NOTIFY ${APPENDED_CHANNEL}, '${state.position}'; COMMIT`);
      this.options.onCommitted(state.position);
      return plans;
    } catch (error) {
      failure = error as Error;
      // On a lost or silent connection a ROLLBACK would only wait in turn; the server rolls back when the session ends.
      if (!isDatabaseUnavailable(error)) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed is dropped, not handed to the next caller.
      client.release(failure);
    }
  }
}

function namesOf(appends: PendingAppend[]): { streams: string[]; ids: string[] } {
  const streams = new Set<string>();
  const ids: string[] = [];
  for (const append of appends) {
    for (const write of append.writes) {
      streams.add(write.streamId);
      for (const event of write.events) ids.push(event.id);
    }
  }
  return { streams: [...streams], ids };
}

async function logState(client: PoolClient, streams: string[], ids: string[]): Promise<LogState> {
  const { rows } = await client.query<LogStateRow>({ name: 'ledger-log-state', text: LOG_STATE_SQL, values: [streams, ids] });
  const row = rows[0];
  return {
    position: Number(row.position),
    tips: new Map((row.tips ?? []).map((t) => [t.stream, { revision: t.revision, hash: t.hash }])),
    byId: new Map((row.stored ?? []).map((e) => [e.id, e])),
  };
}

/** Brings a state read before the lock up to the log as the lock holder sees it. */
async function catchUp(client: PoolClient, state: LogState, streams: string[], ids: string[]): Promise<void> {
  // Unnamed, so planned with the actual position each time: a range scan of the primary key after
  // it, the names matched against hashed sets (a cached generic plan would probe the stream and
  // id indexes for every name, and `= ANY(array)` costs the planner a look at every element).
  const { rows } = await client.query<SinceRow>({ text: SINCE_SQL, values: [streams, ids, state.position] });
  const wanted = new Set(streams);
  for (const { hash, ...event } of rows[0].since ?? []) {
    state.byId.set(event.id, event);
    if (wanted.has(event.stream)) state.tips.set(event.stream, { revision: event.revision, hash });
  }
  state.position = Number(rows[0].position);
}

async function insert(client: PoolClient, rows: readonly NewRow[]): Promise<void> {
  const columns: unknown[][] = Array.from({ length: 10 }, () => new Array(rows.length));
  rows.forEach((r, i) => {
    columns[0][i] = r.position;
    columns[1][i] = r.id;
    columns[2][i] = r.stream;
    columns[3][i] = r.revision;
    columns[4][i] = r.type;
    columns[5][i] = r.data;
    columns[6][i] = r.metadata;
    columns[7][i] = r.recordedAt;
    columns[8][i] = r.prevHash;
    columns[9][i] = r.hash;
  });
  await client.query({ name: 'ledger-insert-events', text: INSERT_SQL, values: columns });
}
