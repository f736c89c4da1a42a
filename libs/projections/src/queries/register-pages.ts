import type Database from 'better-sqlite3';
import { BreachRecord, Finding, REQUEST_STATUSES, RequestStatus, fromStoredJson } from '@ledger/domain';
import type { RecipientEntry } from '../projections/recipients.projection';
import type { FindingFilter } from './read-models';

/**
 * Keyset pages of the registers: each page continues strictly after the sort key of the last
 * row of the page before, so rows inserted meanwhile never shift a page — no row of the
 * register is lost or repeated between pages, which OFFSET cannot promise. Sort keys hold the
 * row's own id last, so they are unique.
 */
export interface KeysetPage<T, K> {
  items: T[];
  /** The sort key of the last item, when another page may follow. */
  next?: K;
}

export type FindingKey = { dueAt: string; id: string };
export type BreachKey = { awareAt: string; breachId: string };
export type RequestKey = { receivedAt: string; subjectId: string; requestId: string };

export interface RequestFilter {
  now: Date;
  status?: RequestStatus;
  right?: string;
  /** Received at or after. */
  from?: string;
  /** Received before. */
  to?: string;
  /** Only overdue requests (true), or only those that are not (false). */
  overdue?: boolean;
}

/** A row of the DSR register as stored: what the domain derived, and the facts behind it. */
export interface RequestRow {
  subject_id: string;
  request_id: string;
  right: string;
  received_at: string;
  due_at: string;
  extended_until: string | null;
  extension_event_id: string | null;
  extension_sealed: string | null;
  answered_at: string | null;
  answered_by: string | null;
  answered_by_event_id: string | null;
  outcome: string | null;
}

interface Where {
  clauses: string[];
  args: unknown[];
}

/** Adds a condition and its argument to a WHERE clause. */
function narrow(w: Where, clause: string, arg: unknown): void {
  w.clauses.push(clause);
  w.args.push(arg);
}

const where = (w: Where) => (w.clauses.length ? `WHERE ${w.clauses.join(' AND ')}` : '');

/** Pages of the registers, read from the projections' tables. Nothing here writes. */
const HOURS_72 = 72 * 3_600_000;

/** When an open finding falls due, seen from `now`. */
export type DueBucket = 'overdue' | 'within72h' | 'later';

export interface OpenFindingsSummary {
  open: number;
  byDue: Record<DueBucket, number>;
  byRule: Record<string, number>;
}

export class RegisterPages {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private sql(query: string): Database.Statement {
    let statement = this.statements.get(query);
    if (!statement) this.statements.set(query, (statement = this.db.prepare(query)));
    return statement;
  }

  /** Findings by due date (then id), the register's order; `total` counts the filter's rows. */
  findings(filter: FindingFilter, after: FindingKey | undefined, limit: number): KeysetPage<Finding, FindingKey> {
    const { tables, w } = this.findingFilter(filter);
    const keyed = after ? ' AND (due_at, id) > (?, ?)' : '';
    const keyArgs = after ? [after.dueAt, after.id] : [];
    const query = tables.map((t) => `SELECT finding, due_at, id FROM ${t} ${where(w)}${keyed}`).join(' UNION ALL ');
    const rows = this.sql(`${query} ORDER BY due_at, id LIMIT ?`).all(...tables.flatMap(() => [...w.args, ...keyArgs]), limit + 1) as {
      finding: string;
      due_at: string;
      id: string;
    }[];
    return page(rows, limit, (r) => JSON.parse(r.finding) as Finding, (r) => ({ dueAt: r.due_at, id: r.id }));
  }

  findingsTotal(filter: FindingFilter): number {
    const { tables, w } = this.findingFilter(filter);
    return tables.reduce((n, t) => n + (this.sql(`SELECT count(*) AS n FROM ${t} ${where(w)}`).get(...w.args) as { n: number }).n, 0);
  }

  /**
   * Open findings at `now`, counted by rule and by when they fall due (overdue, within 72 h,
   * later) in SQL, so the DPO's overview costs the same with five findings or five hundred thousand.
   */
  openFindingsSummary(now: Date): OpenFindingsSummary {
    const { tables, w } = this.findingFilter({ now, status: 'open' });
    const soon = new Date(now.getTime() + HOURS_72).toISOString();
    const bucket = `CASE WHEN due_at < ? THEN 'overdue' WHEN due_at <= ? THEN 'within72h' ELSE 'later' END`;
    const query = tables.map((t) => `SELECT rule, ${bucket} AS due, count(*) AS n FROM ${t} ${where(w)} GROUP BY rule, due`).join(' UNION ALL ');
    const rows = this.sql(query).all(...tables.flatMap(() => [now.toISOString(), soon, ...w.args])) as { rule: string; due: DueBucket; n: number }[];
    const summary: OpenFindingsSummary = { open: 0, byDue: { overdue: 0, within72h: 0, later: 0 }, byRule: {} };
    for (const { rule, due, n } of rows) {
      summary.open += n;
      summary.byDue[due] += n;
      summary.byRule[rule] = (summary.byRule[rule] ?? 0) + n;
    }
    return summary;
  }

  private findingFilter(filter: FindingFilter): { tables: string[]; w: Where } {
    const w: Where = { clauses: ['visible_from <= ?'], args: [filter.now.toISOString()] };
    if (filter.status) narrow(w, 'status = ?', filter.status);
    if (filter.rule) narrow(w, 'rule = ?', filter.rule);
    if (filter.due) {
      const now = filter.now.toISOString();
      const soon = new Date(filter.now.getTime() + HOURS_72).toISOString();
      if (filter.due === 'overdue') narrow(w, 'due_at < ?', now);
      else if (filter.due === 'later') narrow(w, 'due_at > ?', soon);
      else {
        narrow(w, 'due_at >= ?', now);
        narrow(w, 'due_at <= ?', soon);
      }
    }
    const owner = filter.subjectId ?? filter.breachId;
    if (owner) narrow(w, 'owner = ?', owner);
    // Subject and breach findings live in their projections' own tables.
    const tables = [...(filter.breachId ? [] : ['subject_findings']), ...(filter.subjectId ? [] : ['breach_findings'])];
    return { tables, w };
  }

  /** Breaches by awareness, newest first (those without a detection last), then by id. */
  breaches(after: BreachKey | undefined, limit: number): KeysetPage<BreachRecord, BreachKey> {
    const rows = this.sql(
      `SELECT record, coalesce(aware_at, '') AS aware, breach_id FROM breach_records
       ${after ? "WHERE (coalesce(aware_at, '') < ? OR (coalesce(aware_at, '') = ? AND breach_id > ?))" : ''}
       ORDER BY aware DESC, breach_id LIMIT ?`,
    ).all(...(after ? [after.awareAt, after.awareAt, after.breachId] : []), limit + 1) as { record: string; aware: string; breach_id: string }[];
    return page(rows, limit, (r) => fromStoredJson<BreachRecord>(r.record), (r) => ({ awareAt: r.aware, breachId: r.breach_id }));
  }

  /** Breaches not closed: few in any company, whatever the size of the register. */
  openBreaches(): BreachRecord[] {
    const rows = this.sql("SELECT record FROM breach_records WHERE json_extract(record, '$.closedAt') IS NULL").all() as { record: string }[];
    return rows.map((r) => fromStoredJson<BreachRecord>(r.record));
  }

  breachesTotal(): number {
    return (this.sql('SELECT count(*) AS n FROM breach_records').get() as { n: number }).n;
  }

  /** Recipients by id. */
  recipients(after: string | undefined, limit: number): KeysetPage<RecipientEntry, string> {
    const rows = this.sql(`SELECT entry, recipient_id FROM recipients ${after ? 'WHERE recipient_id > ?' : ''} ORDER BY recipient_id LIMIT ?`).all(
      ...(after ? [after] : []),
      limit + 1,
    ) as { entry: string; recipient_id: string }[];
    return page(rows, limit, (r) => JSON.parse(r.entry) as RecipientEntry, (r) => r.recipient_id);
  }

  recipientsTotal(): number {
    return (this.sql('SELECT count(*) AS n FROM recipients').get() as { n: number }).n;
  }

  /** The DSR register, newest request first (then by subject and request id). */
  requests(filter: RequestFilter, after: RequestKey | undefined, limit: number): KeysetPage<RequestRow, RequestKey> {
    const w = requestFilter(filter);
    if (after) {
      w.clauses.push('(received_at < ? OR (received_at = ? AND (subject_id, request_id) > (?, ?)))');
      w.args.push(after.receivedAt, after.receivedAt, after.subjectId, after.requestId);
    }
    const rows = this.sql(`SELECT * FROM subject_requests ${where(w)} ORDER BY received_at DESC, subject_id, request_id LIMIT ?`).all(
      ...w.args,
      limit + 1,
    ) as RequestRow[];
    return page(rows, limit, (r) => r, (r) => ({ receivedAt: r.received_at, subjectId: r.subject_id, requestId: r.request_id }));
  }

  requestsTotal(filter: RequestFilter): number {
    const w = requestFilter(filter);
    return (this.sql(`SELECT count(*) AS n FROM subject_requests ${where(w)}`).get(...w.args) as { n: number }).n;
  }

  /** One subject's request, as the register holds it. */
  request(subjectId: string, requestId: string): RequestRow | undefined {
    return this.sql('SELECT * FROM subject_requests WHERE subject_id = ? AND request_id = ?').get(subjectId, requestId) as RequestRow | undefined;
  }
}

/** `overdue` compares the due date with `now` as text: both are UTC instants of one format. */
function requestFilter(filter: RequestFilter): Where {
  const w: Where = { clauses: [], args: [] };
  const now = filter.now.toISOString();
  const status: RequestStatus | undefined = filter.status ?? (filter.overdue === true ? 'overdue' : undefined);
  if (status === 'open') narrow(w, 'outcome IS NULL AND due_at >= ?', now);
  else if (status === 'overdue') narrow(w, 'outcome IS NULL AND due_at < ?', now);
  else if (status && REQUEST_STATUSES.includes(status)) narrow(w, 'outcome = ?', status);
  if (filter.overdue === false) narrow(w, 'NOT (outcome IS NULL AND due_at < ?)', now);
  if (filter.right) narrow(w, 'right = ?', filter.right);
  if (filter.from) narrow(w, 'received_at >= ?', filter.from);
  if (filter.to) narrow(w, 'received_at < ?', filter.to);
  return w;
}

function page<R, T, K>(rows: R[], limit: number, item: (row: R) => T, key: (row: R) => K): KeysetPage<T, K> {
  const shown = rows.slice(0, limit);
  return { items: shown.map(item), ...(rows.length > limit ? { next: key(shown[shown.length - 1]) } : {}) };
}
