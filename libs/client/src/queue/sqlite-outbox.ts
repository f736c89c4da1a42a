import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FactIdConflictError, FactRejection, LedgerError } from '../errors';
import type { LedgerFact } from '../fact';
import type { FactQueue, NewFact, QueuedFact } from './fact-queue';

/** The little of better-sqlite3 the outbox uses; its types stay out of the package's declarations. */
interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): void;
}
type DatabaseConstructor = new (file: string, options?: { timeout?: number }) => Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  id        TEXT    NOT NULL UNIQUE,
  body      TEXT    NOT NULL,
  bytes     INTEGER NOT NULL,
  queued_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rejected (
  id          TEXT    PRIMARY KEY,
  body        TEXT    NOT NULL,
  status      INTEGER NOT NULL,
  error       TEXT    NOT NULL,
  message     TEXT    NOT NULL,
  details     TEXT,
  rejected_at TEXT    NOT NULL
);
`;

interface OutboxRow {
  seq: number;
  id: string;
  body: string;
  bytes: number;
  queued_at: number;
}
interface RejectedRow {
  id: string;
  body: string;
  status: number;
  error: string;
  message: string;
  details: string | null;
  rejected_at: string;
}

const toQueued = (row: OutboxRow): QueuedFact => ({ seq: row.seq, id: row.id, body: row.body, bytes: row.bytes, queuedAt: row.queued_at });

function loadDriver(): DatabaseConstructor {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional peer dependency, loaded only when an outbox is opened
    return require('better-sqlite3') as DatabaseConstructor;
  } catch (error) {
    throw new Error('the outbox needs better-sqlite3, an optional peer dependency of @privacy-ledger/client: npm install better-sqlite3', {
      cause: error,
    });
  }
}

/**
 * The durable queue: one SQLite file that keeps facts from `record()` until the ledger
 * acknowledges them, across crashes of the service and outages of the ledger. Adds of one
 * event-loop turn share one transaction and one fsync (group commit). The file is locked
 * (SQLite's exclusive locking mode) while a client has it open: one client per outbox, so
 * facts are sent once and in order. Deleted rows are overwritten (secure_delete): the personal
 * values of sent facts do not linger in the file.
 */
export class SqliteOutbox implements FactQueue {
  readonly durable = true;
  private readonly db: Database;
  private count: number;
  private last: number;
  private adds: { facts: readonly NewFact[]; resolve(): void; reject(error: unknown): void }[] = [];
  private readonly statements: Record<'insert' | 'bodyOf' | 'oldest' | 'take' | 'delete' | 'reject' | 'rejected' | 'dropRejected', Statement>;

  constructor(readonly path: string) {
    const Driver = loadDriver();
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Driver(path, { timeout: 500 });
    try {
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('secure_delete = ON');
      // The first write takes the exclusive lock and keeps it until close.
      this.db.exec(SCHEMA);
    } catch (error) {
      this.db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        throw new Error(`the outbox ${path} is in use by another ledger client (one client per outbox file)`, { cause: error });
      }
      throw error;
    }
    this.statements = {
      insert: this.db.prepare('INSERT INTO outbox (id, body, bytes, queued_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING'),
      bodyOf: this.db.prepare('SELECT body FROM outbox WHERE id = ?'),
      oldest: this.db.prepare('SELECT * FROM outbox ORDER BY seq LIMIT 1'),
      take: this.db.prepare('SELECT * FROM outbox ORDER BY seq LIMIT ?'),
      delete: this.db.prepare('DELETE FROM outbox WHERE seq = ?'),
      reject: this.db.prepare('INSERT OR REPLACE INTO rejected (id, body, status, error, message, details, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      rejected: this.db.prepare('SELECT * FROM rejected ORDER BY rejected_at, id'),
      dropRejected: this.db.prepare('DELETE FROM rejected WHERE id = ?'),
    };
    this.count = (this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    this.last = (this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as { seq: number } | undefined)?.seq ?? 0;
  }

  add(facts: readonly NewFact[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.adds.push({ facts, resolve, reject }) === 1) setImmediate(() => this.commitAdds());
    });
  }

  /** One transaction for every add of this turn; each add is a savepoint, so a conflict fails only its own. */
  private commitAdds(): void {
    const calls = this.adds;
    this.adds = [];
    if (calls.length === 0) return;
    const now = Date.now();
    const outcomes: (Error | undefined)[] = [];
    let inserted = 0;
    let last = this.last;
    const addOne = this.db.transaction((facts: readonly NewFact[]) => {
      let n = 0;
      let seq = last;
      for (const { id, body } of facts) {
        const result = this.statements.insert.run(id, body, Buffer.byteLength(body), now);
        if (result.changes === 1) {
          n += 1;
          seq = Number(result.lastInsertRowid);
        } else if ((this.statements.bodyOf.get(id) as { body: string }).body !== body) {
          throw new FactIdConflictError(id);
        }
      }
      return { n, seq };
    });
    try {
      this.db.transaction(() => {
        for (const call of calls) {
          try {
            const { n, seq } = addOne(call.facts);
            inserted += n;
            last = seq;
            outcomes.push(undefined);
          } catch (error) {
            if (!(error instanceof FactIdConflictError)) throw error;
            outcomes.push(error);
          }
        }
      })();
    } catch (error) {
      for (const call of calls) call.reject(error);
      return;
    }
    this.count += inserted;
    this.last = last;
    calls.forEach((call, i) => (outcomes[i] ? call.reject(outcomes[i]) : call.resolve()));
  }

  size(): number {
    return this.count;
  }

  oldest(): QueuedFact | undefined {
    const row = this.statements.oldest.get() as OutboxRow | undefined;
    return row && toQueued(row);
  }

  lastSeq(): number {
    return this.last;
  }

  take(maxCount: number, maxBytes: number): QueuedFact[] {
    const rows = this.statements.take.all(Math.min(maxCount, 100_000)) as OutboxRow[];
    const batch: QueuedFact[] = [];
    let bytes = 0;
    for (const row of rows) {
      if (batch.length > 0 && bytes + row.bytes > maxBytes) break;
      batch.push(toQueued(row));
      bytes += row.bytes;
    }
    return batch;
  }

  remove(facts: readonly QueuedFact[]): void {
    let removed = 0;
    this.db.transaction(() => {
      for (const fact of facts) removed += this.statements.delete.run(fact.seq).changes;
    })();
    this.count -= removed;
  }

  reject(rejections: readonly { fact: QueuedFact; error: LedgerError }[]): FactRejection[] {
    const at = new Date().toISOString();
    let removed = 0;
    this.db.transaction(() => {
      for (const { fact, error } of rejections) {
        removed += this.statements.delete.run(fact.seq).changes;
        this.statements.reject.run(
          fact.id,
          fact.body,
          error.status,
          error.error,
          error.ledgerMessage,
          error.details === undefined ? null : JSON.stringify(error.details),
          at,
        );
      }
    })();
    this.count -= removed;
    return rejections.map(({ fact, error }) => ({ id: fact.id, fact: JSON.parse(fact.body) as LedgerFact, error, rejectedAt: at }));
  }

  rejected(): FactRejection[] {
    return (this.statements.rejected.all() as RejectedRow[]).map((row) => ({
      id: row.id,
      fact: JSON.parse(row.body) as LedgerFact,
      error: new LedgerError(row.status, row.error, row.message, row.details === null ? undefined : JSON.parse(row.details)),
      rejectedAt: row.rejected_at,
    }));
  }

  clearRejected(ids?: readonly string[]): number {
    const names = ids ?? (this.statements.rejected.all() as RejectedRow[]).map((r) => r.id);
    let dropped = 0;
    this.db.transaction(() => {
      for (const id of names) dropped += this.statements.dropRejected.run(id).changes;
    })();
    return dropped;
  }

  async requeueRejected(ids?: readonly string[]): Promise<number> {
    const chosen = this.rejected().filter((r) => !ids || ids.includes(r.id));
    await this.add(chosen.map((r) => ({ id: r.id, body: JSON.stringify(r.fact) })));
    return this.clearRejected(chosen.map((r) => r.id));
  }

  close(): void {
    this.commitAdds();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
