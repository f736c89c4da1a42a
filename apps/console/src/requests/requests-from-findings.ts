import type { Finding, SubjectRequest } from '../api/types';

/**
 * The open subject requests as the findings show them (request-unanswered), for a ledger
 * without the DSR register (GET /v1/requests, issue 15). Answered requests do not appear there.
 */
export function requestsFromFindings(findings: readonly Finding[], now: string): SubjectRequest[] {
  return findings
    .filter((f) => f.rule === 'request-unanswered' && f.status === 'open' && f.subjectId)
    .map((f) => ({
      requestId: String(f.detail.requestId ?? ''),
      subjectId: f.subjectId!,
      right: String(f.detail.right ?? ''),
      receivedAt: String(f.detail.receivedAt ?? ''),
      dueAt: f.dueAt,
      status: (f.overdue ?? Date.parse(f.dueAt) < Date.parse(now)) ? ('overdue' as const) : ('open' as const),
    }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
