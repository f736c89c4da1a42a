import { firstPositionSince } from '../util/first-position-since';
import { EventEmitter } from 'node:events';
import type { ClientConfig, Pool } from 'pg';
import { canonicalJson } from '../chain/canonical-json';
import { StoreClosedError } from '../port/event-store-errors';
import type { AppendOptions, EventStore, ReadAllOptions, ReadStreamOptions, StreamWrite, SubscribeOptions, Subscription } from '../port/event-store.port';
import { checkWrite } from '../port/check-write';
import { LogPosition, positionOf } from '../port/log-position';
import type { AppendResult, NewEvent, RecordedEvent } from '../port/recorded-event';
import type { PreparedWrite } from './append-plan';
import { APPENDED_CHANNEL } from './log-lock';
import { PostgresAppender } from './postgres-appender';
import { EVENT_COLUMNS, PostgresEventRow, toRecorded } from './postgres-event-row';
import { PostgresNotifications } from './postgres-notifications';
import { PostgresSubscription } from './postgres-subscription';

export interface PostgresEventStoreOptions {
  /** The process's pool (see @ledger/postgres createPgPool); the schema must be migrated. */
  pool: Pool;
  /** End the pool on close: for a store that was given a pool of its own. */
  endPoolOnClose?: boolean;
  /** The ledger clock, for recordedAt. */
  now?: () => Date;
  /** How often idle subscriptions look for appends in case a notification was missed. */
  pollIntervalMs?: number;
  /** Rows per page when reading. */
  pageSize?: number;
  /** Events per append transaction at most (group commit). */
  maxBatchEvents?: number;
  /** The LISTEN connection failed (and will be reopened). */
  onListenError?: (error: unknown) => void;
}

/**
 * The event store on PostgreSQL: one `events` table (migrations in libs/postgres), appends
 * serialised by an advisory lock so that positions are visible in commit order across every
 * process (log-lock.ts), each process group-committing its appends (postgres-appender.ts),
 * and the embedded store's hash chain and idempotency rules (append-plan.ts).
 */
export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  readonly atomicMultiStreamAppend = true;

  private readonly now: () => Date;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly appended = new EventEmitter();
  private readonly appender: PostgresAppender;
  private readonly notifications: PostgresNotifications;
  private readonly subscriptions = new Set<PostgresSubscription>();
  private closed = false;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.pageSize = options.pageSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.appended.setMaxListeners(0);
    this.appender = new PostgresAppender({
      pool: options.pool,
      maxBatchEvents: options.maxBatchEvents ?? 5000,
      onCommitted: () => this.appended.emit('appended'),
    });
    this.notifications = new PostgresNotifications({
      config: options.pool.options as ClientConfig,
      channel: APPENDED_CHANNEL,
      onNotify: () => this.appended.emit('appended'),
      onError: (error) => options.onListenError?.(error),
      retryMs: this.pollIntervalMs,
    });
  }

  /** The pool this store reads and writes through (digests read stream heads with it). */
  get pool(): Pool {
    return this.options.pool;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then((r) => r[0]);
  }

  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    let prepared: PreparedWrite[];
    try {
      writes.forEach(checkWrite);
      // Canonical JSON is made here, outside the log lock.
      prepared = writes.map((w) => ({
        streamId: w.streamId,
        expectedRevision: w.expectedRevision ?? 'any',
        events: w.events.map((e) => ({ id: e.id, type: e.type, data: canonicalJson(e.data), metadata: canonicalJson(e.metadata ?? {}) })),
      }));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.appender.submit({ writes: prepared, recordedAt: this.now().toISOString() });
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    let next = options.fromRevision ?? (backwards ? undefined : 0);
    while (remaining > 0 && !this.closed) {
      const limit = Math.min(remaining, this.pageSize);
      const rows = backwards
        ? next === undefined
          ? await this.rows('ledger-stream-end', `WHERE stream = $1 ORDER BY revision DESC LIMIT $2`, [streamId, limit])
          : await this.rows('ledger-stream-backwards', `WHERE stream = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`, [streamId, next, limit])
        : await this.rows('ledger-stream-forwards', `WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT $3`, [streamId, next, limit]);
      for (const row of rows) yield toRecorded(row);
      remaining -= rows.length;
      if (rows.length < limit) return;
      const last = rows[rows.length - 1].revision;
      next = backwards ? last - 1 : last + 1;
      if (next < 0) return;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.fromPosition?.commit ?? 0;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    while (remaining > 0 && !this.closed) {
      const limit = Math.min(remaining, this.pageSize);
      const events = await this.readPage(after, limit);
      for (const event of events) yield event;
      remaining -= events.length;
      if (events.length < limit) return;
      after = events[events.length - 1].position.commit;
    }
  }

  /** Events after a position, oldest first. Complete up to the newest one it returns (log-lock.ts). */
  async readPage(after: number, limit: number): Promise<RecordedEvent[]> {
    const rows = await this.rows('ledger-read-all', 'WHERE position > $1 ORDER BY position LIMIT $2', [after, limit]);
    return rows.map(toRecorded);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new StoreClosedError();
    this.notifications.start();
    const subscription = new PostgresSubscription({
      from: options.fromPosition?.commit ?? 0,
      pageSize: this.pageSize,
      pollIntervalMs: this.pollIntervalMs,
      readPage: (after, limit) => (this.closed ? Promise.resolve([]) : this.readPage(after, limit)),
      notifier: this.appended,
      onStop: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<LogPosition | null> {
    const { rows } = await this.options.pool.query<{ position: string | null }>({
      name: 'ledger-head-position',
      text: 'SELECT MAX(position) AS position FROM events',
    });
    return rows[0].position === null ? null : positionOf(Number(rows[0].position));
  }

  async countRecordedSince(since: Date): Promise<number> {
    const head = (await this.headPosition())?.commit ?? 0;
    const pool = this.options.pool;
    const first = await firstPositionSince(head, since.toISOString(), async (position) => {
      const { rows } = await pool.query<{ recorded_at: string }>({
        name: 'ledger-recorded-at-or-after',
        text: 'SELECT recorded_at FROM events WHERE position >= $1 ORDER BY position LIMIT 1',
        values: [position],
      });
      return rows[0]?.recorded_at;
    });
    const { rows } = await pool.query<{ n: string }>({
      name: 'ledger-count-from',
      text: 'SELECT count(*) AS n FROM events WHERE position >= $1',
      values: [first],
    });
    return Number(rows[0].n);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already submitted are committed and answered before the pool goes.
    await this.appender.settled();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.notifications.stop();
    if (this.options.endPoolOnClose) await this.options.pool.end();
  }

  private async rows(name: string, where: string, values: unknown[]): Promise<PostgresEventRow[]> {
    const result = await this.options.pool.query<PostgresEventRow>({ name, text: `SELECT ${EVENT_COLUMNS} FROM events ${where}`, values });
    return result.rows;
  }
}
