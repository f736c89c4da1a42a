import { firstPositionSince } from '../util/first-position-since';
import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { eventHash } from '../chain/event-hash';
import { canonicalJson } from '../chain/canonical-json';
import { IdempotencyConflictError, StoreClosedError, WrongExpectedRevisionError } from '../port/event-store-errors';
import type { AppendOptions, EventStore, ReadAllOptions, ReadStreamOptions, StreamWrite, SubscribeOptions, Subscription } from '../port/event-store.port';
import { checkWrite } from '../port/check-write';
import { meetsExpectation } from '../port/expected-revision';
import { LogPosition, positionOf } from '../port/log-position';
import type { AppendResult, AppendedEvent, NewEvent, RecordedEvent } from '../port/recorded-event';
import { sameRetryMetadata } from '../port/retry-content';
import { openSqlite } from './sqlite-connection';
import { BoundedCache } from '../util/bounded-cache';
import { GroupCommit } from './group-commit';
import { EVENT_STORE_SCHEMA, EventRow } from './sqlite-schema';
import { SqliteSubscription } from './sqlite-subscription';

export interface SqliteEventStoreOptions {
  /** The database file (created with its directory when missing). */
  file: string;
  /** The ledger clock, for recordedAt. */
  now?: () => Date;
  /** How often subscriptions look for appends made by other processes. */
  pollIntervalMs?: number;
  /** Rows per page when reading. */
  pageSize?: number;
  cacheMiB?: number;
  /** Stream heads kept in memory, so appends need not read the previous event. */
  headCacheSize?: number;
  /** Told of each commit: events in it (concurrent appends share one) and its seconds, fsync included. For metrics. */
  onCommit?: (events: number, seconds: number) => void;
  /**
   * What must be durable before events commit: the key vault's new keys when the vault does not
   * fsync its own commits (SqliteKeyVault with `durability: 'on-sync'`). A promise returned
   * holds the group's COMMIT until it resolves; see GroupCommit.
   */
  beforeCommit?: () => Promise<void> | undefined;
}

interface StreamHead {
  revision: number;
  hash: Buffer;
}

interface PendingAppend {
  writes: readonly StreamWrite[];
  recordedAt: string;
}

/**
 * The embedded event store on one SQLite file.
 *
 * Appends are group-committed (see GroupCommit): concurrent appends share one transaction and
 * one fsync, and each is acknowledged only after COMMIT.
 */
export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  readonly atomicMultiStreamAppend = true;

  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly appended = new EventEmitter();
  private readonly writer: GroupCommit<PendingAppend, AppendResult[]>;
  private closed = false;
  private readonly heads: BoundedCache<string, StreamHead>;
  private readonly subscriptions = new Set<SqliteSubscription>();

  private readonly stmt: {
    insert: Database.Statement;
    head: Database.Statement;
    byId: Database.Statement;
    forwards: Database.Statement;
    backwards: Database.Statement;
    backwardsFromEnd: Database.Statement;
    all: Database.Statement;
    headPosition: Database.Statement;
    recordedAtOrAfter: Database.Statement;
  };

  constructor(options: SqliteEventStoreOptions) {
    this.db = openSqlite(options.file, { cacheMiB: options.cacheMiB });
    this.db.exec(EVENT_STORE_SCHEMA);
    this.now = options.now ?? (() => new Date());
    this.pageSize = options.pageSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.appended.setMaxListeners(0);
    this.heads = new BoundedCache(options.headCacheSize ?? 200_000);
    const columns = 'position, id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash';
    this.stmt = {
      insert: this.db.prepare(
        'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      head: this.db.prepare('SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      byId: this.db.prepare(`SELECT ${columns} FROM events WHERE id = ?`),
      forwards: this.db.prepare(`SELECT ${columns} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`),
      backwards: this.db.prepare(`SELECT ${columns} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
      backwardsFromEnd: this.db.prepare(`SELECT ${columns} FROM events WHERE stream = ? ORDER BY revision DESC LIMIT ?`),
      all: this.db.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      headPosition: this.db.prepare('SELECT MAX(position) AS position FROM events'),
      recordedAtOrAfter: this.db.prepare('SELECT recorded_at FROM events WHERE position >= ? ORDER BY position LIMIT 1'),
    };
    this.writer = new GroupCommit(
      this.db,
      ({ writes, recordedAt }: PendingAppend) => {
        try {
          return writes.map((w) => this.writeStream(w, recordedAt));
        } catch (error) {
          // The savepoint rolls these writes back: forget the heads they cached.
          for (const w of writes) this.heads.delete(w.streamId);
          throw error;
        }
      },
      {
        afterCommit: (items, seconds) => {
          this.appended.emit('appended');
          if (options.onCommit)
            options.onCommit(
              items.reduce((n, { writes }) => writes.reduce((m, w) => m + w.events.length, n), 0),
              seconds,
            );
        },
        // Heads cached during a failed transaction may name rows that were rolled back.
        afterRollback: () => this.heads.clear(),
        needsSavepoint: ({ writes }) => writes.length > 1 || writes[0].events.length > 1,
        barrier: options.beforeCommit,
      },
    );
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then((r) => r[0]);
  }

  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    try {
      writes.forEach(checkWrite);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.writer.submit({ writes, recordedAt: this.now().toISOString() });
  }

  private writeStream(write: StreamWrite, recordedAt: string): AppendResult {
    try {
      return this.appendToStream(write, recordedAt);
    } catch (error) {
      if (!isUniqueViolation(error, 'events.stream')) throw error;
      this.heads.delete(write.streamId);
      if (write.expectedRevision === 'no_stream') {
        throw new WrongExpectedRevisionError(write.streamId, 'no_stream', this.headOf(write.streamId)?.revision);
      }
      // Another process appended to this stream: the cached head is stale. Read it and retry once.
      return this.appendToStream(write, recordedAt);
    }
  }

  private appendToStream(write: StreamWrite, recordedAt: string): AppendResult {
    const { streamId, events } = write;
    const expected = write.expectedRevision ?? 'any';
    // A stream expected not to exist needs no read: the (stream, revision) index refuses revision 0 if it does.
    const head = expected === 'no_stream' && !this.heads.get(streamId) ? undefined : this.headOf(streamId);
    let revision = head ? head.revision : -1;
    let prevHash: Buffer | null = head ? head.hash : null;
    const appended: AppendedEvent[] = [];
    for (const [i, event] of events.entries()) {
      revision += 1;
      const data = canonicalJson(event.data);
      const metadata = canonicalJson(event.metadata ?? {});
      const hash = Buffer.from(
        eventHash({ prevHash: prevHash?.toString('hex') ?? null, streamId, revision, id: event.id, type: event.type, recordedAt, data, metadata }),
        'hex',
      );
      if (i === 0 && !meetsExpectation(expected, head?.revision)) {
        // A retry of an append that succeeded finds its stream moved on: check the id first.
        const original = this.stmt.byId.get(event.id) as EventRow | undefined;
        if (original) return this.replayed(write, original);
        throw new WrongExpectedRevisionError(streamId, expected, head?.revision);
      }
      try {
        const info = this.stmt.insert.run(event.id, streamId, revision, event.type, data, metadata, recordedAt, prevHash, hash);
        appended.push({ id: event.id, revision, position: positionOf(Number(info.lastInsertRowid)) });
      } catch (error) {
        if (!isUniqueViolation(error, 'events.id')) throw error;
        if (i > 0) throw new IdempotencyConflictError(event.id);
        return this.replayed(write, this.stmt.byId.get(event.id) as EventRow);
      }
      prevHash = hash;
    }
    if (events.length) this.heads.set(streamId, { revision, hash: prevHash! });
    return { streamId, events: appended, nextExpectedRevision: revision, duplicate: false };
  }

  /** The stream's last revision and hash, from memory when this process wrote it last. */
  private headOf(streamId: string): StreamHead | undefined {
    const cached = this.heads.get(streamId);
    if (cached) return cached;
    const row = this.stmt.head.get(streamId) as StreamHead | undefined;
    if (row) this.heads.set(streamId, row);
    return row;
  }

  /** The first event id is stored already: a retry must match what was stored, event for event. */
  private replayed(write: StreamWrite, first: EventRow): AppendResult {
    const appended: AppendedEvent[] = [];
    write.events.forEach((event, i) => {
      const row = i === 0 ? first : (this.stmt.byId.get(event.id) as EventRow | undefined);
      const same =
        row !== undefined &&
        row.stream === write.streamId &&
        row.revision === first.revision + i &&
        row.type === event.type &&
        row.data === canonicalJson(event.data) &&
        sameRetryMetadata(row.metadata, canonicalJson(event.metadata ?? {}));
      if (!same) throw new IdempotencyConflictError(event.id);
      appended.push({ id: row.id, revision: row.revision, position: positionOf(row.position) });
    });
    return {
      streamId: write.streamId,
      events: appended,
      nextExpectedRevision: appended[appended.length - 1].revision,
      duplicate: true,
    };
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    let next = options.fromRevision ?? (backwards ? undefined : 0);
    while (remaining > 0 && !this.closed) {
      const limit = Math.min(remaining, this.pageSize);
      const rows = (
        backwards
          ? next === undefined
            ? this.stmt.backwardsFromEnd.all(streamId, limit)
            : this.stmt.backwards.all(streamId, next, limit)
          : this.stmt.forwards.all(streamId, next, limit)
      ) as EventRow[];
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
      const rows = this.readPage(after, Math.min(remaining, this.pageSize));
      for (const row of rows) yield toRecorded(row);
      remaining -= rows.length;
      if (rows.length < this.pageSize) return;
      after = rows[rows.length - 1].position;
    }
  }

  /** Rows after a position, oldest first (used by readAll and subscriptions). */
  readPage(after: number, limit: number): EventRow[] {
    return this.stmt.all.all(after, limit) as EventRow[];
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new StoreClosedError();
    const subscription = new SqliteSubscription({
      from: options.fromPosition?.commit ?? 0,
      pageSize: this.pageSize,
      pollIntervalMs: this.pollIntervalMs,
      readPage: (after, limit) => (this.closed ? [] : this.readPage(after, limit).map(toRecorded)),
      notifier: this.appended,
      onStop: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<LogPosition | null> {
    const row = this.stmt.headPosition.get() as { position: number | null };
    return row.position === null ? null : positionOf(row.position);
  }

  async countRecordedSince(since: Date): Promise<number> {
    const head = (this.stmt.headPosition.get() as { position: number | null }).position ?? 0;
    const first = await firstPositionSince(
      head,
      since.toISOString(),
      async (p) => (this.stmt.recordedAtOrAfter.get(p) as { recorded_at: string } | undefined)?.recorded_at,
    );
    // Positions are rowids of a table nothing is deleted from: they run without gaps, so no row needs counting.
    return head - first + 1;
  }

  /** Calls `listener` after each commit of this process: for a follower in another thread, to read at once. Returns the way to stop. */
  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  /** The underlying connection, for tools that read the file directly (verify, digests). */
  get database(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.writer.pending) this.writer.flush();
    this.closed = true;
    await this.writer.drained();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.db.close();
  }
}

function isUniqueViolation(error: unknown, index: 'events.id' | 'events.stream'): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes(index);
}

export function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    streamId: row.stream,
    revision: row.revision,
    position: positionOf(row.position),
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash ? row.prev_hash.toString('hex') : null,
    hash: row.hash.toString('hex'),
  };
}
