import type Database from 'better-sqlite3';
import {
  AnswerFact,
  ComplianceRules,
  DEFAULT_COMPLIANCE_RULES,
  RequestRecord,
  StoredFactMetadata,
  emptyProfile,
  evolveProfile,
  parseStreamName,
  requestRegisterRow,
  toLedgerEvent,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../runner/projection';
import type { Handles } from '../runner/handles';

/**
 * The DSR register (Art. 12(3)): one row per subject request. Thin on purpose: the requests
 * are folded by the subject profile's own fold (`evolveProfile`, on a profile that holds only
 * the subject's requests) and their deadlines come from the domain's deadline rules; this
 * projection only remembers which facts set what it shows — the fact that answered a request
 * and the extension whose (sealed) reason the DPO may read.
 */
export class RequestsProjection implements Projection<'requests'> {
  readonly name = 'requests';
  // 2: Art. 12(3) counted in the controller's calendar; extensions count only within the first month, with reasons.
  // 3: answers recorded before their request wait for it (subject_request_early_answers).
  readonly version = 3;
  readonly tables = ['subject_requests', 'subject_request_early_answers'];
  readonly handles: Handles = { subject: 'all' };
  private stmt!: Record<'load' | 'save' | 'loadEarly' | 'saveEarly' | 'dropEarly', Database.Statement>;

  constructor(private readonly rules: ComplianceRules = DEFAULT_COMPLIANCE_RULES) {}

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS subject_requests (
        subject_id TEXT NOT NULL, request_id TEXT NOT NULL,
        record TEXT NOT NULL,
        right TEXT NOT NULL, received_at TEXT NOT NULL, due_at TEXT NOT NULL, extended_until TEXT,
        extension_event_id TEXT, extension_sealed TEXT,
        answered_at TEXT, answered_by TEXT, answered_by_event_id TEXT, outcome TEXT,
        PRIMARY KEY (subject_id, request_id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS subject_requests_received ON subject_requests (received_at, subject_id, request_id);
      CREATE INDEX IF NOT EXISTS subject_requests_due ON subject_requests (outcome, due_at);
      CREATE TABLE IF NOT EXISTS subject_request_early_answers (subject_id TEXT PRIMARY KEY, answers TEXT NOT NULL) WITHOUT ROWID;`);
    this.stmt = {
      loadEarly: db.prepare('SELECT answers FROM subject_request_early_answers WHERE subject_id = ?'),
      saveEarly: db.prepare(
        'INSERT INTO subject_request_early_answers (subject_id, answers) VALUES (?, ?) ON CONFLICT (subject_id) DO UPDATE SET answers = excluded.answers',
      ),
      dropEarly: db.prepare('DELETE FROM subject_request_early_answers WHERE subject_id = ?'),
      load: db.prepare('SELECT request_id, record, extension_event_id, extension_sealed, answered_by_event_id FROM subject_requests WHERE subject_id = ?'),
      save: db.prepare(
        `INSERT INTO subject_requests (subject_id, request_id, record, right, received_at, due_at, extended_until, extension_event_id, extension_sealed,
                                       answered_at, answered_by, answered_by_event_id, outcome)
         VALUES (@subjectId, @requestId, @record, @right, @receivedAt, @dueAt, @extendedUntil, @extensionEventId, @extensionSealed,
                 @answeredAt, @answeredBy, @answeredByEventId, @outcome)
         ON CONFLICT (subject_id, request_id) DO UPDATE SET record = excluded.record, right = excluded.right, received_at = excluded.received_at,
           due_at = excluded.due_at, extended_until = excluded.extended_until, extension_event_id = excluded.extension_event_id,
           extension_sealed = excluded.extension_sealed, answered_at = excluded.answered_at, answered_by = excluded.answered_by,
           answered_by_event_id = excluded.answered_by_event_id, outcome = excluded.outcome`,
      ),
    };
  }

  apply(events: readonly RecordedEvent[]): void {
    const subjects = new Map<string, SubjectRequests>();
    for (const stored of events) {
      const stream = parseStreamName(stored.streamId);
      if (stream?.kind !== 'subject') continue;
      let subject = subjects.get(stream.id);
      if (!subject) subjects.set(stream.id, (subject = this.load(stream.id)));
      const event = toLedgerEvent(stored);
      // Facts that touch a request name it: watch that one through the fold.
      const named = 'requestId' in event.data ? event.data.requestId : undefined;
      const requestId = typeof named === 'string' ? named : undefined;
      const before = requestId === undefined ? undefined : { ...subject.requests.get(requestId) };
      // Answers recorded before their request (facts arrive out of order) wait in the fold for it.
      const waiting = requestId === undefined ? undefined : [...(subject.early.get(requestId) ?? [])];
      const profile = emptyProfile(stream.id, event.occurredAt);
      profile.requests = subject.requests;
      profile.earlyAnswers = subject.early;
      evolveProfile(profile, event);
      if (requestId === undefined) continue;
      if ((waiting?.length ?? 0) !== (subject.early.get(requestId)?.length ?? 0)) subject.earlyChanged = true;
      const after = subject.requests.get(requestId);
      // Erasures the retention policy starts are not requests of the data subject (their rule is retention-passed).
      if (!after || after.byPolicy) continue;
      const facts = subject.facts.get(requestId) ?? {};
      if (after.answeredAt !== before?.answeredAt) {
        // The answering fact: this one, or one that waited for the request this fact brought.
        const early = waiting?.find((a) => a.at === after.answeredAt && a.type === after.answeredBy);
        facts.answeredByEventId = early?.eventId ?? stored.id;
      }
      if ((after.extensions?.length ?? 0) !== (before?.extensions?.length ?? 0)) {
        facts.extensionEventId = stored.id;
        const sealed = (stored.metadata as unknown as StoredFactMetadata).sealed;
        facts.extensionSealed = sealed ? JSON.stringify(sealed) : undefined;
      }
      subject.facts.set(requestId, facts);
      subject.changed.add(requestId);
    }
    for (const [subjectId, subject] of subjects) {
      if (subject.earlyChanged) {
        if (subject.early.size) this.stmt.saveEarly.run(subjectId, JSON.stringify([...subject.early]));
        else this.stmt.dropEarly.run(subjectId);
      }
      for (const requestId of subject.changed) {
        const record = subject.requests.get(requestId)!;
        const row = requestRegisterRow(record, this.rules.calendar);
        const facts = subject.facts.get(requestId) ?? {};
        this.stmt.save.run({
          subjectId,
          requestId,
          record: JSON.stringify(record),
          right: row.right,
          receivedAt: row.receivedAt,
          dueAt: row.dueAt,
          extendedUntil: row.extendedUntil ?? null,
          extensionEventId: facts.extensionEventId ?? null,
          extensionSealed: facts.extensionSealed ?? null,
          answeredAt: row.answeredAt ?? null,
          answeredBy: row.answeredBy ?? null,
          answeredByEventId: facts.answeredByEventId ?? null,
          outcome: row.outcome ?? null,
        });
      }
    }
  }

  private load(subjectId: string): SubjectRequests {
    const rows = this.stmt.load.all(subjectId) as {
      request_id: string;
      record: string;
      extension_event_id: string | null;
      extension_sealed: string | null;
      answered_by_event_id: string | null;
    }[];
    const early = this.stmt.loadEarly.get(subjectId) as { answers: string } | undefined;
    const subject: SubjectRequests = {
      requests: new Map(),
      facts: new Map(),
      changed: new Set(),
      early: new Map(early ? (JSON.parse(early.answers) as [string, AnswerFact[]][]) : []),
      earlyChanged: false,
    };
    for (const r of rows) {
      subject.requests.set(r.request_id, JSON.parse(r.record));
      subject.facts.set(r.request_id, {
        ...(r.extension_event_id ? { extensionEventId: r.extension_event_id } : {}),
        ...(r.extension_sealed ? { extensionSealed: r.extension_sealed } : {}),
        ...(r.answered_by_event_id ? { answeredByEventId: r.answered_by_event_id } : {}),
      });
    }
    return subject;
  }
}

interface SubjectRequests {
  requests: Map<string, RequestRecord>;
  /** Which facts set what the register shows of each request. */
  facts: Map<string, { answeredByEventId?: string; extensionEventId?: string; extensionSealed?: string }>;
  changed: Set<string>;
  /** Answers recorded before the request they name (SubjectProfile.earlyAnswers), kept between batches. */
  early: Map<string, AnswerFact[]>;
  earlyChanged: boolean;
}
