import { REQUEST_STATUSES, RequestStatus } from '@ledger/domain';
import { KeysetPage, Where, narrow, page, where } from '../queries/keyset-page';
import type { Statements } from '../queries/statements';

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

/** Reads of the requests read model (requests.projection.ts): the DSR register. */
export class RequestsQueries {
  constructor(private readonly s: Statements) {}

  /** The DSR register, newest request first (then by subject and request id). */
  page(filter: RequestFilter, after: RequestKey | undefined, limit: number): KeysetPage<RequestRow, RequestKey> {
    const w = requestFilter(filter);
    if (after) {
      w.clauses.push('(received_at < ? OR (received_at = ? AND (subject_id, request_id) > (?, ?)))');
      w.args.push(after.receivedAt, after.receivedAt, after.subjectId, after.requestId);
    }
    const rows = this.s
      .sql(`SELECT * FROM subject_requests ${where(w)} ORDER BY received_at DESC, subject_id, request_id LIMIT ?`)
      .all(...w.args, limit + 1) as RequestRow[];
    return page(
      rows,
      limit,
      (r) => r,
      (r) => ({ receivedAt: r.received_at, subjectId: r.subject_id, requestId: r.request_id }),
    );
  }

  total(filter: RequestFilter): number {
    const w = requestFilter(filter);
    return (this.s.sql(`SELECT count(*) AS n FROM subject_requests ${where(w)}`).get(...w.args) as { n: number }).n;
  }

  /** One subject's request, as the register holds it. */
  request(subjectId: string, requestId: string): RequestRow | undefined {
    return this.s.sql('SELECT * FROM subject_requests WHERE subject_id = ? AND request_id = ?').get(subjectId, requestId) as RequestRow | undefined;
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
