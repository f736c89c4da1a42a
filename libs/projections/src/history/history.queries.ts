import type { Statements } from '../queries/statements';

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

/** Reads of the history read model (history.projection.ts): a subject's timeline in business time. */
export class HistoryQueries {
  constructor(private readonly s: Statements) {}

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
    return this.s
      .sql(`SELECT * FROM subject_history WHERE ${where.join(' AND ')} ORDER BY occurred_at, position LIMIT ?`)
      .all(...args, filter.limit) as HistoryRow[];
  }
}
