import type Database from 'better-sqlite3';
import {
  RecipientRegistered,
  RecipientUpdated,
  SubjectProfile,
  emptyProfile,
  evolveProfile,
  parseStreamName,
  subjectFindings,
  toLedgerEvent,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../runner/projection';
import { FindingsTable } from './findings-table';

export interface SubjectsProjectionOptions {
  accountRetentionMonths: number;
}

/**
 * Per subject: its profile (what is held, why, where, until when) and its findings. Keeps its
 * own copy of where recipients are, so a subject's transfer findings follow the log's order,
 * and re-derives the findings of every subject that shared with a recipient that moved.
 */
export class SubjectsProjection implements Projection {
  readonly name = 'subjects';
  readonly version = 1;
  readonly tables = ['subject_profiles', 'subject_recipients', 'subject_findings', 'subject_recipient_register'];
  readonly findings = new FindingsTable('subject_findings');
  private stmt!: Record<'load' | 'save' | 'link' | 'sharers' | 'recipient' | 'saveRecipient', Database.Statement>;

  constructor(private readonly options: SubjectsProjectionOptions) {}

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS subject_profiles (subject_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS subject_recipients (recipient_id TEXT NOT NULL, subject_id TEXT NOT NULL, PRIMARY KEY (recipient_id, subject_id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS subject_recipient_register (recipient_id TEXT PRIMARY KEY, country TEXT, safeguard TEXT) WITHOUT ROWID;`);
    this.findings.setup(db);
    this.stmt = {
      load: db.prepare('SELECT profile FROM subject_profiles WHERE subject_id = ?'),
      save: db.prepare('INSERT INTO subject_profiles (subject_id, profile) VALUES (?, ?) ON CONFLICT (subject_id) DO UPDATE SET profile = excluded.profile'),
      link: db.prepare('INSERT OR IGNORE INTO subject_recipients (recipient_id, subject_id) VALUES (?, ?)'),
      sharers: db.prepare('SELECT subject_id FROM subject_recipients WHERE recipient_id = ?'),
      recipient: db.prepare('SELECT country, safeguard FROM subject_recipient_register WHERE recipient_id = ?'),
      saveRecipient: db.prepare(
        `INSERT INTO subject_recipient_register (recipient_id, country, safeguard) VALUES (?, ?, ?)
         ON CONFLICT (recipient_id) DO UPDATE SET country = coalesce(excluded.country, country), safeguard = coalesce(excluded.safeguard, safeguard)`,
      ),
    };
  }

  apply(events: readonly RecordedEvent[]): void {
    const touched = new Map<string, SubjectProfile>();
    for (const stored of events) {
      const stream = parseStreamName(stored.streamId);
      if (stream?.kind === 'recipient') {
        const d = stored.data as RecipientRegistered | RecipientUpdated;
        this.stmt.saveRecipient.run(stream.id, d.country ?? null, d.safeguard ?? null);
        for (const { subject_id } of this.stmt.sharers.all(stream.id) as { subject_id: string }[]) {
          if (!touched.has(subject_id)) touched.set(subject_id, this.load(subject_id)!);
        }
        continue;
      }
      if (stream?.kind !== 'subject') continue;
      const event = toLedgerEvent(stored);
      const profile = touched.get(stream.id) ?? this.load(stream.id) ?? emptyProfile(stream.id, event.occurredAt);
      evolveProfile(profile, event);
      touched.set(stream.id, profile);
      if (event.type === 'PersonalDataSharedWithProcessor') this.stmt.link.run(event.data.recipientId, stream.id);
    }
    const policy = {
      accountRetentionMonths: this.options.accountRetentionMonths,
      recipientCountry: (id: string) => {
        const row = this.stmt.recipient.get(id) as { country: string | null; safeguard: string | null } | undefined;
        return row?.country ? { country: row.country, ...(row.safeguard ? { safeguard: row.safeguard } : {}) } : undefined;
      },
    };
    for (const [subjectId, profile] of touched) {
      this.stmt.save.run(subjectId, JSON.stringify(profile));
      this.findings.replace(subjectId, subjectFindings(profile, policy));
    }
  }

  private load(subjectId: string): SubjectProfile | undefined {
    const row = this.stmt.load.get(subjectId) as { profile: string } | undefined;
    return row ? (JSON.parse(row.profile) as SubjectProfile) : undefined;
  }
}
