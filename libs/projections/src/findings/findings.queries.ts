import type { Finding, FindingRule } from '@ledger/domain';
import { KeysetPage, Where, narrow, page, where } from '../queries/keyset-page';
import type { Statements } from '../queries/statements';

export interface FindingFilter {
  now: Date;
  status?: 'open' | 'closed';
  rule?: FindingRule;
  subjectId?: string;
  breachId?: string;
  /** When it falls due, seen from `now`: past it, within 72 hours, or later. */
  due?: DueBucket;
}

/** When an open finding falls due, seen from `now`. */
export type DueBucket = 'overdue' | 'within72h' | 'later';

export interface OpenFindingsSummary {
  open: number;
  byDue: Record<DueBucket, number>;
  byRule: Record<string, number>;
}

const HOURS_72 = 72 * 3_600_000;

export type FindingKey = { dueAt: string; id: string };

/**
 * Reads of the findings, which live in two read models' own tables (findings-table.ts): the
 * subjects' (subject_findings) and the breaches' (breach_findings).
 */
export class FindingsQueries {
  constructor(private readonly s: Statements) {}

  findings(filter: FindingFilter): Finding[] {
    const { tables, w } = findingFilter(filter);
    const query = tables.map((t) => `SELECT finding, due_at FROM ${t} ${where(w)}`).join(' UNION ALL ');
    const rows = this.s.sql(`${query} ORDER BY due_at`).all(...tables.flatMap(() => w.args)) as { finding: string }[];
    return rows.map((r) => JSON.parse(r.finding));
  }

  /** Findings by due date (then id), the register's order. */
  page(filter: FindingFilter, after: FindingKey | undefined, limit: number): KeysetPage<Finding, FindingKey> {
    const { tables, w } = findingFilter(filter);
    const keyed = after ? ' AND (due_at, id) > (?, ?)' : '';
    const keyArgs = after ? [after.dueAt, after.id] : [];
    const query = tables.map((t) => `SELECT finding, due_at, id FROM ${t} ${where(w)}${keyed}`).join(' UNION ALL ');
    const rows = this.s.sql(`${query} ORDER BY due_at, id LIMIT ?`).all(...tables.flatMap(() => [...w.args, ...keyArgs]), limit + 1) as {
      finding: string;
      due_at: string;
      id: string;
    }[];
    return page(
      rows,
      limit,
      (r) => JSON.parse(r.finding) as Finding,
      (r) => ({ dueAt: r.due_at, id: r.id }),
    );
  }

  /**
   * Open findings at `now`, counted by rule and by when they fall due (overdue, within 72 h,
   * later) in SQL, so the DPO's overview reads counts, not findings.
   */
  openSummary(now: Date): OpenFindingsSummary {
    const { tables, w } = findingFilter({ now, status: 'open' });
    const soon = new Date(now.getTime() + HOURS_72).toISOString();
    const bucket = `CASE WHEN due_at < ? THEN 'overdue' WHEN due_at <= ? THEN 'within72h' ELSE 'later' END`;
    const query = tables.map((t) => `SELECT rule, ${bucket} AS due, count(*) AS n FROM ${t} ${where(w)} GROUP BY rule, due`).join(' UNION ALL ');
    const rows = this.s.sql(query).all(...tables.flatMap(() => [now.toISOString(), soon, ...w.args])) as { rule: string; due: DueBucket; n: number }[];
    const summary: OpenFindingsSummary = { open: 0, byDue: { overdue: 0, within72h: 0, later: 0 }, byRule: {} };
    for (const { rule, due, n } of rows) {
      summary.open += n;
      summary.byDue[due] += n;
      summary.byRule[rule] = (summary.byRule[rule] ?? 0) + n;
    }
    return summary;
  }

  /** How many rows the filter selects. */
  total(filter: FindingFilter): number {
    const { tables, w } = findingFilter(filter);
    return tables.reduce((n, t) => n + (this.s.sql(`SELECT count(*) AS n FROM ${t} ${where(w)}`).get(...w.args) as { n: number }).n, 0);
  }
}

function findingFilter(filter: FindingFilter): { tables: string[]; w: Where } {
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
