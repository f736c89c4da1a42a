import type Database from 'better-sqlite3';
import {
  BreachRecord,
  Clock,
  Finding,
  SubjectProfile,
  breachFindings,
  emptyBreach,
  emptyProfile,
  evolveBreach,
  evolveProfile,
  fromStoredJson,
  parseStreamName,
  subjectFindings,
  toLedgerEvent,
  toStoredJson,
} from '@ledger/domain';
import { BoundedCache, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { FindingNotification, NotificationKind, findingNotification, routingKeyOf } from './notification';

export interface FindingWatchOptions {
  accountRetentionMonths: number;
  /** "Due soon" lead before a breach's 72-hour deadline. */
  breachLeadHours: number;
  /** "Due soon" lead before a request's due date. */
  requestLeadDays: number;
  /** Where each notification goes: one delivery row per target, written with it. */
  targets: readonly string[];
  clock: Clock;
}

/** The rules whose deadline gets a "due soon": the breach's 72 hours, and a request's answer. */
const BREACH_DEADLINES = new Set(['breach-not-notified', 'breach-subjects-not-notified']);
const REQUEST_DEADLINES = new Set(['request-unanswered']);

/**
 * The notifications outbox, fed from the log with its own checkpoint: it folds subjects and
 * breaches into findings (the domain's own rules, as the read models do), keeps what it has
 * announced of each finding, and writes a notification when one opens, comes due soon or
 * closes, in the transaction that moves its checkpoint. A crash therefore loses or repeats
 * nothing; delivery (NotificationDispatcher) reads the outbox. Time alone also opens findings
 * and brings deadlines near: `scan` looks again at the clock's now.
 */
export class FindingWatch implements Projection {
  readonly name = 'notifications';
  readonly version = 1;
  readonly tables = ['nw_subjects', 'nw_breaches', 'nw_recipients', 'nw_findings', 'notification_outbox', 'notification_deliveries'];
  private db!: Database.Database;
  private stmt!: Record<string, Database.Statement>;
  private wrote = false;
  /** Profiles as last written, and their findings (JSON): a busy subject is not parsed again per batch, unchanged findings not synced. */
  private readonly written = new BoundedCache<string, { profile: SubjectProfile; findings?: string }>(100_000);

  constructor(
    private readonly options: FindingWatchOptions,
    private readonly onWritten: () => void = () => undefined,
  ) {}

  setup(db: Database.Database): void {
    this.db = db;
    this.written.clear();
    db.exec(`
      CREATE TABLE IF NOT EXISTS nw_subjects (subject_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS nw_breaches (breach_id TEXT PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS nw_recipients (recipient_id TEXT PRIMARY KEY, country TEXT, safeguard TEXT);
      CREATE TABLE IF NOT EXISTS nw_findings (
        id TEXT PRIMARY KEY, owner TEXT NOT NULL, status TEXT NOT NULL, due_at TEXT NOT NULL, visible_from TEXT NOT NULL,
        soon_at TEXT, finding TEXT NOT NULL, opened INTEGER NOT NULL DEFAULT 0, soon INTEGER NOT NULL DEFAULT 0, closed INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX IF NOT EXISTS nw_findings_owner ON nw_findings (owner);
      -- What is still to be announced, so that looking after every batch reads only that.
      CREATE INDEX IF NOT EXISTS nw_findings_to_open ON nw_findings (visible_from) WHERE status = 'open' AND opened = 0;
      CREATE INDEX IF NOT EXISTS nw_findings_to_soon ON nw_findings (soon_at) WHERE status = 'open' AND soon = 0 AND soon_at IS NOT NULL;
      CREATE INDEX IF NOT EXISTS nw_findings_to_close ON nw_findings (visible_from) WHERE status = 'closed' AND closed = 0;
      CREATE TABLE IF NOT EXISTS notification_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, routing_key TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS notification_deliveries (
        seq INTEGER NOT NULL, target TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0, last_error TEXT,
        PRIMARY KEY (seq, target)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS notification_deliveries_next ON notification_deliveries (next_at);`);
    this.stmt = {
      subject: db.prepare('SELECT profile FROM nw_subjects WHERE subject_id = ?'),
      saveSubject: db.prepare('INSERT INTO nw_subjects (subject_id, profile) VALUES (?, ?) ON CONFLICT (subject_id) DO UPDATE SET profile = excluded.profile'),
      breach: db.prepare('SELECT record FROM nw_breaches WHERE breach_id = ?'),
      saveBreach: db.prepare('INSERT INTO nw_breaches (breach_id, record) VALUES (?, ?) ON CONFLICT (breach_id) DO UPDATE SET record = excluded.record'),
      recipient: db.prepare('SELECT country, safeguard FROM nw_recipients WHERE recipient_id = ?'),
      saveRecipient: db.prepare(
        `INSERT INTO nw_recipients (recipient_id, country, safeguard) VALUES (?, ?, ?)
         ON CONFLICT (recipient_id) DO UPDATE SET country = coalesce(excluded.country, country), safeguard = coalesce(excluded.safeguard, safeguard)`,
      ),
      ofOwner: db.prepare('SELECT id, opened, closed, finding FROM nw_findings WHERE owner = ?'),
      upsert: db.prepare(
        `INSERT INTO nw_findings (id, owner, status, due_at, visible_from, soon_at, finding) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, due_at = excluded.due_at, visible_from = excluded.visible_from,
           soon_at = excluded.soon_at, finding = excluded.finding`,
      ),
      gone: db.prepare(`UPDATE nw_findings SET status = 'closed', finding = ? WHERE id = ?`),
      remove: db.prepare('DELETE FROM nw_findings WHERE id = ?'),
      toOpen: db.prepare(`SELECT id, finding FROM nw_findings WHERE status = 'open' AND opened = 0 AND visible_from <= ?`),
      toSoon: db.prepare(
        `SELECT id, finding, due_at FROM nw_findings WHERE status = 'open' AND soon = 0 AND soon_at IS NOT NULL AND soon_at <= ? AND visible_from <= ?`,
      ),
      toClose: db.prepare(`SELECT id, finding FROM nw_findings WHERE status = 'closed' AND closed = 0 AND visible_from <= ?`),
      mark: db.prepare(`UPDATE nw_findings SET opened = max(opened, ?), soon = max(soon, ?), closed = max(closed, ?) WHERE id = ?`),
      outbox: db.prepare('INSERT OR IGNORE INTO notification_outbox (id, routing_key, body) VALUES (?, ?, ?)'),
      delivery: db.prepare('INSERT OR IGNORE INTO notification_deliveries (seq, target) VALUES (?, ?)'),
    };
  }

  apply(events: readonly RecordedEvent[]): void {
    const subjects = new Map<string, SubjectProfile>();
    const breaches = new Map<string, BreachRecord>();
    for (const stored of events) {
      const stream = parseStreamName(stored.streamId);
      if (stream?.kind === 'recipient') {
        const event = toLedgerEvent(stored);
        if (event.type !== 'RecipientRegistered' && event.type !== 'RecipientUpdated') continue;
        this.stmt.saveRecipient.run(stream.id, event.data.country ?? null, event.data.safeguard ?? null);
      } else if (stream?.kind === 'breach') {
        const event = toLedgerEvent(stored);
        const known = breaches.get(stream.id) ?? this.load<BreachRecord>(this.stmt.breach, stream.id, 'record') ?? emptyBreach(stream.id, event.occurredAt);
        breaches.set(stream.id, evolveBreach(known, event));
      } else if (stream?.kind === 'subject') {
        const event = toLedgerEvent(stored);
        const known =
          subjects.get(stream.id) ??
          this.written.get(stream.id)?.profile ??
          this.load<SubjectProfile>(this.stmt.subject, stream.id, 'profile') ??
          emptyProfile(stream.id, event.occurredAt);
        subjects.set(stream.id, evolveProfile(known, event));
      }
    }
    const policy = {
      accountRetentionMonths: this.options.accountRetentionMonths,
      recipientCountry: (id: string) => {
        const row = this.stmt.recipient.get(id) as { country: string | null; safeguard: string | null } | undefined;
        return row?.country ? { country: row.country, ...(row.safeguard ? { safeguard: row.safeguard } : {}) } : undefined;
      },
    };
    const at = events.at(-1)?.recordedAt ?? this.options.clock.now().toISOString();
    for (const [id, b] of breaches) {
      this.stmt.saveBreach.run(id, toStoredJson(b));
      this.sync(`breach:${id}`, breachFindings(b), at);
    }
    for (const [id, p] of subjects) {
      this.stmt.saveSubject.run(id, toStoredJson(p));
      const findings = subjectFindings(p, policy);
      const summary = JSON.stringify(findings);
      if (summary !== this.written.get(id)?.findings) this.sync(`subject:${id}`, findings, at);
      this.written.set(id, { profile: p, findings: summary });
    }
    this.announce();
  }

  async afterCommit(): Promise<void> {
    if (this.wrote) this.onWritten();
    this.wrote = false;
  }

  /** Cached profiles were folded in place: after a rollback none can be trusted. */
  discardUncommitted(): void {
    this.wrote = false;
    this.written.clear();
  }

  /** Announces what the clock alone has brought (visible findings, near deadlines), in a transaction of its own. */
  scan(): void {
    this.db.transaction(() => this.announce())();
    if (this.wrote) this.onWritten();
    this.wrote = false;
  }

  /** Replaces an owner's findings; one that is gone after it was announced open is announced closed. */
  private sync(owner: string, findings: readonly Finding[], at: string): void {
    const now = new Set(findings.map((f) => f.id));
    for (const row of this.stmt.ofOwner.all(owner) as { id: string; opened: number; closed: number; finding: string }[]) {
      if (now.has(row.id)) continue;
      if (row.opened && !row.closed) {
        const gone: Finding = { ...(JSON.parse(row.finding) as Finding), status: 'closed', closedAt: at };
        this.stmt.gone.run(JSON.stringify(gone), row.id);
      } else this.stmt.remove.run(row.id);
    }
    for (const f of findings) this.stmt.upsert.run(f.id, owner, f.status, f.dueAt, f.visibleFrom, this.soonAt(f) ?? null, JSON.stringify(f));
  }

  private soonAt(f: Finding): string | undefined {
    const due = Date.parse(f.dueAt);
    if (BREACH_DEADLINES.has(f.rule)) return new Date(due - this.options.breachLeadHours * 3_600_000).toISOString();
    if (REQUEST_DEADLINES.has(f.rule)) return new Date(due - this.options.requestLeadDays * 86_400_000).toISOString();
    return undefined;
  }

  /** Writes a notification for each finding that has opened, come due soon or closed by now, and notes it announced. */
  private announce(): void {
    const now = this.options.clock.now().toISOString();
    const rows = (s: Database.Statement, ...args: string[]) => s.all(...args) as { id: string; finding: string; due_at?: string }[];
    for (const row of rows(this.stmt.toOpen, now)) {
      this.write('opened', row.finding, now);
      this.stmt.mark.run(1, 0, 0, row.id);
    }
    for (const row of rows(this.stmt.toSoon, now, now)) {
      // Past its deadline already (the ledger was down through the lead time): overdue, not due soon.
      if (now < row.due_at!) this.write('due-soon', row.finding, now);
      this.stmt.mark.run(0, 1, 0, row.id);
    }
    for (const row of rows(this.stmt.toClose, now)) {
      this.write('closed', row.finding, now);
      this.stmt.mark.run(0, 0, 1, row.id);
    }
  }

  private write(kind: NotificationKind, finding: string, at: string): void {
    const n: FindingNotification = findingNotification(kind, JSON.parse(finding) as Finding, at);
    const inserted = this.stmt.outbox.run(n.id, routingKeyOf(n), JSON.stringify(n));
    if (!inserted.changes) return;
    for (const target of this.options.targets) this.stmt.delivery.run(inserted.lastInsertRowid, target);
    this.wrote = true;
  }

  private load<T>(stmt: Database.Statement, id: string, column: string): T | undefined {
    const row = stmt.get(id) as Record<string, string> | undefined;
    return row ? fromStoredJson<T>(row[column]) : undefined;
  }
}
