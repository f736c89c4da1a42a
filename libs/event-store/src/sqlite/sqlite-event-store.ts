import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { eventHash } from '../chain/event-hash';
import { canonicalJson } from '../chain/canonical-json';
import {
  IdempotencyConflictError,
  InvalidAppendError,
  StoreClosedError,
  WrongExpectedRevisionError,
} from '../port/event-store-errors';
import type {
  AppendOptions,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../port/event-store.port';
import { meetsExpectation } from '../port/expected-revision';
import { LogPosition, positionOf } from '../port/log-position';
import type { AppendResult, AppendedEvent, NewEvent, RecordedEvent } from '../port/recorded-event';
import { openSqlite } from './sqlite-connection';
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
}

interface PendingAppend {
  writes: readonly StreamWrite[];
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

type Outcome = { ok: AppendResult[] } | { error: unknown };

const NAME_MAX = 200;
// Names go into the hash encoding, which separates fields with newlines.
const FORBIDDEN = /[\u0000-\u001f\u007f]/;

/**
 * The embedded event store on one SQLite file.
 *
 * Group commit: appends made while a transaction is being prepared wait for the next event-loop
 * turn and are committed together, each inside its own savepoint, so one failing append does
 * not fail its neighbours and one fsync covers them all. A promise resolves only after COMMIT.
 */
export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  readonly atomicMultiStreamAppend = true;

  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly appended = new EventEmitter();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
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
  };
  private readonly commitBatch: (batch: PendingAppend[]) => Outcome[];
  private readonly writeAtomically: (writes: readonly StreamWrite[], recordedAt: string) => AppendResult[];

  constructor(options: SqliteEventStoreOptions) {
    this.db = openSqlite(options.file, { cacheMiB: options.cacheMiB });
    this.db.exec(EVENT_STORE_SCHEMA);
    this.now = options.now ?? (() => new Date());
    this.pageSize = options.pageSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.appended.setMaxListeners(0);
    const columns = 'position, id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash';
    this.stmt = {
      insert: this.db.prepare(
        'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      head: this.db.prepare('SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      byId: this.db.prepare(`SELECT ${columns} FROM events WHERE id = ?`),
      forwards: this.db.prepare(
        `SELECT ${columns} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      backwards: this.db.prepare(
        `SELECT ${columns} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      backwardsFromEnd: this.db.prepare(
        `SELECT ${columns} FROM events WHERE stream = ? ORDER BY revision DESC LIMIT ?`,
      ),
      all: this.db.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      headPosition: this.db.prepare('SELECT MAX(position) AS position FROM events'),
    };
    this.writeAtomically = this.db.transaction((writes: readonly StreamWrite[], recordedAt: string) =>
      writes.map((w) => this.writeStream(w, recordedAt)),
    );
    const commit = this.db.transaction((batch: PendingAppend[], recordedAt: string): Outcome[] =>
      batch.map((pending) => {
        try {
          return { ok: this.writeAtomically(pending.writes, recordedAt) };
        } catch (error) {
          return { error };
        }
      }),
    );
    this.commitBatch = (batch) => commit.immediate(batch, this.now().toISOString());
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
    return new Promise((resolve, reject) => {
      this.queue.push({ writes, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.commitBatch(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if ('ok' in outcome) pending.resolve(outcome.ok);
      else pending.reject(outcome.error);
    });
    this.appended.emit('appended');
  };

  private writeStream(write: StreamWrite, recordedAt: string): AppendResult {
    const { streamId, events } = write;
    const expected = write.expectedRevision ?? 'any';
    if (events.length > 0) {
      const original = this.stmt.byId.get(events[0].id) as EventRow | undefined;
      if (original) return this.replayed(write, original);
    }
    const head = this.stmt.head.get(streamId) as { revision: number; hash: Buffer } | undefined;
    if (!meetsExpectation(expected, head?.revision)) {
      throw new WrongExpectedRevisionError(streamId, expected, head?.revision);
    }
    let revision = head ? head.revision : -1;
    let prevHash: Buffer | null = head ? head.hash : null;
    const appended: AppendedEvent[] = [];
    for (const event of events) {
      revision += 1;
      const data = canonicalJson(event.data);
      const metadata = canonicalJson(event.metadata ?? {});
      const hash = Buffer.from(
        eventHash({
          prevHash: prevHash ? prevHash.toString('hex') : null,
          streamId,
          revision,
          id: event.id,
          type: event.type,
          recordedAt,
          data,
          metadata,
        }),
        'hex',
      );
      let position: number;
      try {
        const info = this.stmt.insert.run(event.id, streamId, revision, event.type, data, metadata, recordedAt, prevHash, hash);
        position = Number(info.lastInsertRowid);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.id|events_id/.test(String(error))) {
          throw new IdempotencyConflictError(event.id);
        }
        throw error;
      }
      appended.push({ id: event.id, revision, position: positionOf(position) });
      prevHash = hash;
    }
    return { streamId, events: appended, nextExpectedRevision: revision, duplicate: false };
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
        row.metadata === canonicalJson(event.metadata ?? {});
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

  /** The underlying connection, for tools that read the file directly (verify, digests). */
  get database(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.queue.length) this.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.db.close();
  }
}

function checkWrite(write: StreamWrite): void {
  checkName('stream id', write.streamId);
  const seen = new Set<string>();
  for (const event of write.events) {
    checkName('event id', event.id);
    checkName('event type', event.type);
    if (seen.has(event.id)) throw new InvalidAppendError(`event id ${event.id} appears twice in one append`);
    seen.add(event.id);
    if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) {
      throw new InvalidAppendError(`event ${event.id}: data must be a JSON object`);
    }
  }
  const expected = write.expectedRevision;
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) {
    throw new InvalidAppendError(`expected revision must be a non-negative integer, got ${expected}`);
  }
}

function checkName(what: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > NAME_MAX || FORBIDDEN.test(value)) {
    throw new InvalidAppendError(`${what} must be 1 to ${NAME_MAX} printable characters`);
  }
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
