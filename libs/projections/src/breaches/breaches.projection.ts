import type Database from 'better-sqlite3';
import {
  BreachRecord,
  authorityNotificationAwaited,
  breachFindings,
  emptyBreach,
  evolveBreach,
  fromStoredJson,
  linkSubject,
  parseStreamName,
  toLedgerEvent,
  toStoredJson,
  toUtcIso,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../runner/projection';
import type { Handles } from '../runner/handles';
import { FindingsTable } from '../findings/findings-table';

/** The Art. 33(5) breach register: one record per breach, its findings, and the subjects linked to it. */
export class BreachesProjection implements Projection<'breaches'> {
  readonly name = 'breaches';
  // 2: the fold keeps revised extents and phase details. 4: linked categories in a bounded Set, revised categories.
  // 5: whether the Art. 33 clock runs and until when, in columns, for the overview.
  readonly version = 5;
  readonly tables = ['breach_records', 'breach_subjects', 'breach_findings'];
  // A subject's PersonalDataBreached links it (and its categories) to the breach.
  readonly handles: Handles = { breach: 'all', subject: ['PersonalDataBreached'] };
  readonly findings = new FindingsTable('breach_findings');
  private stmt!: Record<'load' | 'save' | 'link', Database.Statement>;

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS breach_records (
        breach_id TEXT PRIMARY KEY, aware_at TEXT, record TEXT NOT NULL,
        awaits_notification INTEGER NOT NULL DEFAULT 0, notification_due_at TEXT
      );
      CREATE INDEX IF NOT EXISTS breach_records_awaiting ON breach_records (awaits_notification, notification_due_at, breach_id);
      CREATE TABLE IF NOT EXISTS breach_subjects (breach_id TEXT NOT NULL, subject_id TEXT NOT NULL, PRIMARY KEY (breach_id, subject_id)) WITHOUT ROWID;`);
    this.findings.setup(db);
    this.stmt = {
      load: db.prepare('SELECT record FROM breach_records WHERE breach_id = ?'),
      save: db.prepare(
        `INSERT INTO breach_records (breach_id, aware_at, record, awaits_notification, notification_due_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (breach_id) DO UPDATE SET aware_at = excluded.aware_at, record = excluded.record,
           awaits_notification = excluded.awaits_notification, notification_due_at = excluded.notification_due_at`,
      ),
      link: db.prepare('INSERT OR IGNORE INTO breach_subjects (breach_id, subject_id) VALUES (?, ?)'),
    };
  }

  apply(events: readonly RecordedEvent[]): void {
    const touched = new Map<string, BreachRecord>();
    const record = (breachId: string, at: string) => {
      const known = touched.get(breachId) ?? this.load(breachId) ?? emptyBreach(breachId, at);
      touched.set(breachId, known);
      return known;
    };
    for (const stored of events) {
      const stream = parseStreamName(stored.streamId);
      if (stream?.kind === 'breach') {
        const event = toLedgerEvent(stored);
        evolveBreach(record(stream.id, event.occurredAt), event);
      } else if (stream?.kind === 'subject' && stored.type === 'PersonalDataBreached') {
        const event = toLedgerEvent(stored);
        if (event.type !== 'PersonalDataBreached') continue;
        const first = this.stmt.link.run(event.data.breachId, stream.id).changes > 0;
        linkSubject(record(event.data.breachId, event.occurredAt), event.data.categories, first);
      }
    }
    for (const [breachId, b] of touched) {
      // Normalised, so the register sorts by awareness whatever offset the emitter used.
      const awaited = authorityNotificationAwaited(b);
      this.stmt.save.run(
        breachId,
        b.detected ? toUtcIso(b.detected.awareAt) : null,
        toStoredJson(b),
        awaited ? 1 : 0,
        awaited?.dueAt ? toUtcIso(awaited.dueAt) : null,
      );
      this.findings.replace(breachId, breachFindings(b));
    }
  }

  private load(breachId: string): BreachRecord | undefined {
    const row = this.stmt.load.get(breachId) as { record: string } | undefined;
    return row ? fromStoredJson<BreachRecord>(row.record) : undefined;
  }
}
