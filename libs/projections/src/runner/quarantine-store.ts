import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';

/** An event a projection could not fold, set aside so that the projection goes on. */
export interface QuarantinedEvent {
  /** Commit position of the event in the log. */
  position: number;
  eventId: string;
  stream: string;
  type: string;
  /** The error the fold raised (its message, shortened). */
  error: string;
  /** When it was set aside (ledger time). */
  at: string;
}

const ERROR_MAX = 500;

/**
 * The events each projection set aside, beside its checkpoint (same database, same
 * transaction as the checkpoint that moves past them). Cleared when the projection is rebuilt.
 */
export class QuarantineStore {
  private readonly insert: Database.Statement;
  private readonly list: Database.Statement;
  private readonly count: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_quarantine (
      name TEXT NOT NULL, commit_position INTEGER NOT NULL, prepare_position INTEGER NOT NULL,
      event_id TEXT NOT NULL, stream TEXT NOT NULL, type TEXT NOT NULL, error TEXT NOT NULL, at TEXT NOT NULL,
      PRIMARY KEY (name, commit_position, prepare_position)
    ) WITHOUT ROWID`);
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO projection_quarantine (name, commit_position, prepare_position, event_id, stream, type, error, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.list = db.prepare(
      'SELECT commit_position, event_id, stream, type, error, at FROM projection_quarantine WHERE name = ? ORDER BY commit_position, prepare_position LIMIT ?',
    );
    this.count = db.prepare('SELECT count(*) AS n FROM projection_quarantine WHERE name = ?');
    this.remove = db.prepare('DELETE FROM projection_quarantine WHERE name = ?');
  }

  add(name: string, event: RecordedEvent, error: unknown, at: Date): QuarantinedEvent {
    const entry: QuarantinedEvent = {
      position: event.position.commit,
      eventId: event.id,
      stream: event.streamId,
      type: event.type,
      error: describe(error),
      at: at.toISOString(),
    };
    this.insert.run(name, event.position.commit, event.position.prepare, entry.eventId, entry.stream, entry.type, entry.error, entry.at);
    return entry;
  }

  /** How many events the projection set aside. */
  countOf(name: string): number {
    return (this.count.get(name) as { n: number }).n;
  }

  /** The first `limit` events the projection set aside, in log order. */
  of(name: string, limit: number): QuarantinedEvent[] {
    return (this.list.all(name, limit) as { commit_position: number; event_id: string; stream: string; type: string; error: string; at: string }[]).map(
      (r) => ({
        position: r.commit_position,
        eventId: r.event_id,
        stream: r.stream,
        type: r.type,
        error: r.error,
        at: r.at,
      }),
    );
  }

  clear(name: string): void {
    this.remove.run(name);
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > ERROR_MAX ? `${text.slice(0, ERROR_MAX)}…` : text;
}
