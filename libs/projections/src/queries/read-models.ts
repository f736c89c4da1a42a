import type Database from 'better-sqlite3';
import { BreachRecord, Finding, FindingRule, ObservedProcessingRow, ObservedPurpose, ProcessingActivityDeclared, SubjectProfile, fromStoredJson } from '@ledger/domain';
import type { RecipientEntry } from '../projections/recipients.projection';

export interface HistoryRow {
  subject_id: string;
  occurred_at: string;
  position: number;
  event_id: string;
  type: string;
  stream: string;
  revision: number;
  recorded_at: string;
  data: string;
  metadata: string;
}

export interface HistoryFilter {
  types?: string[];
  from?: string;
  to?: string;
  /** Continue after this (occurredAt, position). */
  after?: { occurredAt: string; position: number };
  limit: number;
}

export interface FindingFilter {
  now: Date;
  status?: 'open' | 'closed';
  rule?: FindingRule;
  subjectId?: string;
  breachId?: string;
  /** When it falls due, seen from `now`: past it, within 72 hours, or later. */
  due?: 'overdue' | 'within72h' | 'later';
}


/** Reads the projections' tables. Every query is a few indexed lookups; nothing here writes. */
export class ReadModels {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** Prepared once per distinct query: preparing costs more than most of these lookups. */
  private sql(query: string): Database.Statement {
    let statement = this.statements.get(query);
    if (!statement) this.statements.set(query, (statement = this.db.prepare(query)));
    return statement;
  }

  profile(subjectId: string): SubjectProfile | undefined {
    const row = this.sql('SELECT profile FROM subject_profiles WHERE subject_id = ?').get(subjectId) as { profile: string } | undefined;
    return row ? fromStoredJson<SubjectProfile>(row.profile) : undefined;
  }

  hasProfile(subjectId: string): boolean {
    return this.sql('SELECT 1 FROM subject_profiles WHERE subject_id = ?').get(subjectId) !== undefined;
  }

  history(subjectId: string, filter: HistoryFilter): HistoryRow[] {
    const where = ['subject_id = ?'];
    const args: unknown[] = [subjectId];
    if (filter.types?.length) {
      where.push(`type IN (${filter.types.map(() => '?').join(', ')})`);
      args.push(...filter.types);
    }
    if (filter.from) {
      where.push('occurred_at >= ?');
      args.push(filter.from);
    }
    if (filter.to) {
      where.push('occurred_at < ?');
      args.push(filter.to);
    }
    if (filter.after) {
      where.push('(occurred_at, position) > (?, ?)');
      args.push(filter.after.occurredAt, filter.after.position);
    }
    return this.sql(`SELECT * FROM subject_history WHERE ${where.join(' AND ')} ORDER BY occurred_at, position LIMIT ?`)
      .all(...args, filter.limit) as HistoryRow[];
  }

  breaches(): BreachRecord[] {
    return (this.sql('SELECT record FROM breach_records ORDER BY aware_at DESC, breach_id').all() as { record: string }[]).map((r) =>
      fromStoredJson<BreachRecord>(r.record),
    );
  }

  breach(breachId: string): BreachRecord | undefined {
    const row = this.sql('SELECT record FROM breach_records WHERE breach_id = ?').get(breachId) as { record: string } | undefined;
    return row ? fromStoredJson<BreachRecord>(row.record) : undefined;
  }

  findings(filter: FindingFilter): Finding[] {
    const now = filter.now.toISOString();
    const where = ['visible_from <= ?'];
    const args: unknown[] = [now];
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.rule) {
      where.push('rule = ?');
      args.push(filter.rule);
    }
    const owner = filter.subjectId ?? filter.breachId;
    if (owner) {
      where.push('owner = ?');
      args.push(owner);
    }
    // Subject and breach findings live in their projections' own tables.
    const tables = [...(filter.breachId ? [] : ['subject_findings']), ...(filter.subjectId ? [] : ['breach_findings'])];
    const query = tables.map((t) => `SELECT finding, due_at FROM ${t} WHERE ${where.join(' AND ')}`).join(' UNION ALL ');
    const rows = this.sql(`${query} ORDER BY due_at`).all(...tables.flatMap(() => args)) as { finding: string }[];
    return rows.map((r) => JSON.parse(r.finding));
  }

  recipients(): RecipientEntry[] {
    return (this.sql('SELECT entry FROM recipients ORDER BY recipient_id').all() as { entry: string }[]).map((r) => JSON.parse(r.entry));
  }

  recipient(recipientId: string): RecipientEntry | undefined {
    const row = this.sql('SELECT entry FROM recipients WHERE recipient_id = ?').get(recipientId) as { entry: string } | undefined;
    return row ? JSON.parse(row.entry) : undefined;
  }

  activities(): { activityId: string; declaredAt: string; declaration: ProcessingActivityDeclared }[] {
    return (this.sql('SELECT * FROM processing_activities ORDER BY activity_id').all() as { activity_id: string; declared_at: string; declaration: string }[]).map(
      (r) => ({ activityId: r.activity_id, declaredAt: r.declared_at, declaration: JSON.parse(r.declaration) }),
    );
  }

  /** The observed processing under these purposes (a range of the primary key each). */
  observedProcessing(purposes: readonly string[]): ObservedProcessingRow[] {
    const rows = this.sql(
      `SELECT o.* FROM json_each(?) AS p JOIN observed_processing AS o ON o.purpose = p.value
       ORDER BY o.purpose, o.legal_basis, o.system, o.recipient_id, o.category, o.country, o.safeguard`,
    ).all(JSON.stringify([...new Set(purposes)])) as Record<string, string & number>[];
    return rows.map((r) => ({
      purpose: r.purpose,
      legalBasis: r.legal_basis,
      system: r.system,
      recipientId: r.recipient_id,
      category: r.category,
      country: r.country,
      safeguard: r.safeguard,
      firstAt: r.first_at,
      lastAt: r.last_at,
      events: r.events,
    }));
  }

  /** A page of the observed purposes that are not among `declared`, in order, after `after`. */
  undeclaredPurposes(declared: readonly string[], page: { after?: string; limit: number }): ObservedPurpose[] {
    const rows = this.sql(
      `SELECT purpose, first_at, last_at, events FROM observed_purposes
       WHERE purpose > ? AND purpose NOT IN (SELECT value FROM json_each(?)) ORDER BY purpose LIMIT ?`,
    ).all(page.after ?? '', JSON.stringify(declared), page.limit) as { purpose: string; first_at: string; last_at: string; events: number }[];
    return rows.map((r) => ({ purpose: r.purpose, firstAt: r.first_at, lastAt: r.last_at, events: r.events }));
  }
}
