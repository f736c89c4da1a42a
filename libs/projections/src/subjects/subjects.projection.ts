import type Database from 'better-sqlite3';
import {
  ComplianceRules,
  DEFAULT_COMPLIANCE_RULES,
  SubjectProfile,
  emptyProfile,
  evolveProfileIn,
  parseStreamName,
  fromStoredJson,
  subjectFindings,
  toLedgerEvent,
  toStoredJson,
} from '@ledger/domain';
import { BoundedCache, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../runner/projection';
import type { Handles } from '../runner/handles';
import { FindingsTable } from '../findings/findings-table';

export interface SubjectsProjectionOptions {
  accountRetentionMonths: number;
  /** Calendar and adequacy decisions (the operator's files, else the built-in tables). */
  rules?: ComplianceRules;
}

/**
 * Per subject: its profile (what is held, why, where, until when) and its findings. Keeps its
 * own copy of where recipients are, so a subject's transfer findings follow the log's order,
 * and re-derives the findings of every subject that shared with a recipient that moved.
 */
export class SubjectsProjection implements Projection<'subjects'> {
  readonly name = 'subjects';
  // 4: labels are keys of Maps, collections bounded (FOLD_LIMITS). 5: erasure episodes (Art. 19, erasure-notices.ts).
  // 6 (issue 18): transfers fixed when shared, extensions as made, answers by right, Art. 19 changes, purpose timelines.
  readonly version = 6;
  readonly tables = ['subject_profiles', 'subject_recipients', 'subject_findings', 'subject_recipient_register'];
  // Recipients too: where a recipient is decides the transfer findings of the subjects that shared with it.
  readonly handles: Handles = { subject: 'all', recipient: ['RecipientRegistered', 'RecipientUpdated'] };
  readonly findings = new FindingsTable('subject_findings');
  private stmt!: Record<'load' | 'save' | 'link' | 'sharers' | 'recipient' | 'saveRecipient', Database.Statement>;
  /**
   * Profiles as last written, with their findings as last written (JSON), so a busy subject is
   * not read back and parsed for every batch and unchanged findings are not rewritten.
   */
  private readonly written = new BoundedCache<string, { profile: SubjectProfile; findings?: string }>(100_000);

  constructor(private readonly options: SubjectsProjectionOptions) {}

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS subject_profiles (subject_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS subject_recipients (recipient_id TEXT NOT NULL, subject_id TEXT NOT NULL, PRIMARY KEY (recipient_id, subject_id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS subject_recipient_register (recipient_id TEXT PRIMARY KEY, country TEXT, safeguard TEXT) WITHOUT ROWID;`);
    this.findings.setup(db);
    this.written.clear();
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
    // A share is judged by where the register put its recipient at that point of the log.
    const evolve = evolveProfileIn({
      registeredTransfer: (id) => {
        const row = this.stmt.recipient.get(id) as { country: string | null; safeguard: string | null } | undefined;
        return row?.country ? { country: row.country, ...(row.safeguard ? { safeguard: row.safeguard } : {}) } : undefined;
      },
    });
    for (const stored of events) {
      const stream = parseStreamName(stored.streamId);
      if (stream?.kind === 'recipient') {
        const recipient = toLedgerEvent(stored);
        if (recipient.type !== 'RecipientRegistered' && recipient.type !== 'RecipientUpdated') continue;
        const d = recipient.data;
        const before = this.stmt.recipient.get(stream.id) as { country: string | null; safeguard: string | null } | undefined;
        const moved = (d.country !== undefined && d.country !== before?.country) || (d.safeguard !== undefined && d.safeguard !== before?.safeguard);
        if (!moved) continue;
        this.stmt.saveRecipient.run(stream.id, d.country ?? null, d.safeguard ?? null);
        // Only a change of country or safeguard can change a subject's transfer findings.
        for (const { subject_id } of this.stmt.sharers.all(stream.id) as { subject_id: string }[]) {
          if (!touched.has(subject_id)) touched.set(subject_id, this.load(subject_id)!);
        }
        continue;
      }
      if (stream?.kind !== 'subject') continue;
      const event = toLedgerEvent(stored);
      const profile = touched.get(stream.id) ?? this.load(stream.id) ?? emptyProfile(stream.id, event.occurredAt);
      evolve(profile, event);
      touched.set(stream.id, profile);
      if (event.type === 'PersonalDataSharedWithProcessor') this.stmt.link.run(event.data.recipientId, stream.id);
    }
    const rules = this.options.rules ?? DEFAULT_COMPLIANCE_RULES;
    const policy = {
      accountRetentionMonths: this.options.accountRetentionMonths,
      calendar: rules.calendar,
      adequacyDecisions: rules.adequacyDecisions,
      recipientCountry: (id: string) => {
        const row = this.stmt.recipient.get(id) as { country: string | null; safeguard: string | null } | undefined;
        return row?.country ? { country: row.country, ...(row.safeguard ? { safeguard: row.safeguard } : {}) } : undefined;
      },
    };
    for (const [subjectId, profile] of touched) {
      const findings = subjectFindings(profile, policy);
      const summary = JSON.stringify(findings);
      // Most facts change no finding: rewrite the findings rows only when they did.
      if (summary !== this.written.get(subjectId)?.findings) this.findings.replace(subjectId, findings);
      this.stmt.save.run(subjectId, toStoredJson(profile));
      this.written.set(subjectId, { profile, findings: summary });
    }
  }

  discardUncommitted(): void {
    this.written.clear();
  }

  /**
   * The profile to fold into. A cached one is folded in place: if the batch's transaction rolls
   * back, discardUncommitted drops the whole cache, so memory never runs ahead of the table.
   */
  private load(subjectId: string): SubjectProfile | undefined {
    const cached = this.written.get(subjectId);
    if (cached) return cached.profile;
    const row = this.stmt.load.get(subjectId) as { profile: string } | undefined;
    if (!row) return undefined;
    const profile = fromStoredJson<SubjectProfile>(row.profile);
    // Findings unknown: the next write replaces them.
    this.written.set(subjectId, { profile });
    return profile;
  }
}
