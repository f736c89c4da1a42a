import type Database from 'better-sqlite3';
import { occurredAtOf, parseStreamName } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../runner/projection';
import type { Handles } from '../runner/handles';

/**
 * Each subject's timeline in business time, for paging and filtering by type and period. Keeps
 * the stored form (clear data, sealed personal parts): never plaintext.
 */
export class HistoryProjection implements Projection<'history'> {
  readonly name = 'history';
  readonly version = 1;
  readonly tables = ['subject_history'];
  readonly handles: Handles = { subject: 'all' };
  private insert!: Database.Statement;

  setup(db: Database.Database): void {
    db.exec(`CREATE TABLE IF NOT EXISTS subject_history (
      subject_id TEXT NOT NULL, occurred_at TEXT NOT NULL, position INTEGER NOT NULL,
      event_id TEXT NOT NULL, type TEXT NOT NULL, stream TEXT NOT NULL, revision INTEGER NOT NULL,
      recorded_at TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
      UNIQUE (subject_id, occurred_at, position)
    )`);
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO subject_history (subject_id, occurred_at, position, event_id, type, stream, revision, recorded_at, data, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  apply(events: readonly RecordedEvent[]): void {
    for (const e of events) {
      const stream = parseStreamName(e.streamId);
      if (stream?.kind !== 'subject') continue;
      const occurredAt = occurredAtOf(e);
      this.insert.run(
        stream.id,
        occurredAt,
        e.position.commit,
        e.id,
        e.type,
        e.streamId,
        e.revision,
        e.recordedAt,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
      );
    }
  }
}
