import type Database from 'better-sqlite3';
import { parseStreamName, toLedgerEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../runner/projection';
import type { Handles } from '../runner/handles';

/**
 * For the Art. 30(1) record: the declared processing activities, and the processing the
 * ledger actually observed (purpose, legal basis, system or recipient with the transfer the
 * share stated, category), so that processing no declaration covers can be flagged; and per
 * purpose, how many facts and when, so that the record can page undeclared purposes without
 * reading the whole table.
 */
export class ProcessingRecordsProjection implements Projection<'processing-records'> {
  readonly name = 'processing-records';
  // 2: observed_purposes.
  readonly version = 2;
  readonly tables = ['processing_activities', 'observed_processing', 'observed_purposes'];
  readonly handles: Handles = { activity: ['ProcessingActivityDeclared'], subject: ['PersonalDataCollected', 'PersonalDataSharedWithProcessor'] };
  private stmt!: Record<'activity' | 'observe' | 'purpose', Database.Statement>;

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS processing_activities (activity_id TEXT PRIMARY KEY, declared_at TEXT NOT NULL, declaration TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS observed_processing (
        purpose TEXT NOT NULL, legal_basis TEXT NOT NULL, system TEXT NOT NULL, recipient_id TEXT NOT NULL, category TEXT NOT NULL,
        country TEXT NOT NULL, safeguard TEXT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL, events INTEGER NOT NULL,
        PRIMARY KEY (purpose, legal_basis, system, recipient_id, category, country, safeguard)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS observed_purposes (
        purpose TEXT PRIMARY KEY, first_at TEXT NOT NULL, last_at TEXT NOT NULL, events INTEGER NOT NULL
      ) WITHOUT ROWID;`);
    this.stmt = {
      activity: db.prepare(
        `INSERT INTO processing_activities (activity_id, declared_at, declaration) VALUES (?, ?, ?)
         ON CONFLICT (activity_id) DO UPDATE SET declared_at = excluded.declared_at, declaration = excluded.declaration`,
      ),
      observe: db.prepare(
        `INSERT INTO observed_processing (purpose, legal_basis, system, recipient_id, category, country, safeguard, first_at, last_at, events)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT DO UPDATE SET first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at), events = events + 1`,
      ),
      purpose: db.prepare(
        `INSERT INTO observed_purposes (purpose, first_at, last_at, events) VALUES (?, ?, ?, 1)
         ON CONFLICT DO UPDATE SET first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at), events = events + 1`,
      ),
    };
  }

  apply(events: readonly RecordedEvent[]): void {
    for (const stored of events) {
      const stream = parseStreamName(stored.streamId);
      const event = toLedgerEvent(stored);
      if (stream?.kind === 'activity' && event.type === 'ProcessingActivityDeclared') {
        this.stmt.activity.run(stream.id, event.occurredAt, JSON.stringify(event.data));
      } else if (event.type === 'PersonalDataCollected') {
        const d = event.data;
        this.stmt.purpose.run(d.purpose, event.occurredAt, event.occurredAt);
        for (const c of d.categories) this.stmt.observe.run(d.purpose, d.legalBasis, d.system, '', c, '', '', event.occurredAt, event.occurredAt);
      } else if (event.type === 'PersonalDataSharedWithProcessor') {
        const d = event.data;
        this.stmt.purpose.run(d.purpose, event.occurredAt, event.occurredAt);
        for (const c of d.categories) {
          this.stmt.observe.run(
            d.purpose,
            d.legalBasis,
            '',
            d.recipientId,
            c,
            d.transfer?.country ?? '',
            d.transfer?.safeguard ?? '',
            event.occurredAt,
            event.occurredAt,
          );
        }
      }
    }
  }
}
