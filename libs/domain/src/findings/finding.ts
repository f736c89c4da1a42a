import { toUtcIso } from '../time/instant';

/** The compliance rules the ledger checks (DOMAIN.md). */
export const FINDING_RULES = [
  'breach-not-notified',
  'breach-notified-late',
  'breach-subjects-not-notified',
  'breach-subject-categories-missing',
  'request-unanswered',
  'request-answered-late',
  'request-extension-invalid',
  'erasure-not-propagated',
  'change-not-propagated',
  'retention-passed',
  'transfer-without-safeguard',
  'shared-without-collection',
  'processing-after-erasure',
  'retained-data-misused',
  'processing-after-objection',
  'processing-after-consent-withdrawn',
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export const FINDING_ARTICLES: Record<FindingRule, string> = {
  'breach-not-notified': 'Art. 33(1)',
  'breach-notified-late': 'Art. 33(1)',
  'breach-subjects-not-notified': 'Art. 34',
  'breach-subject-categories-missing': 'Art. 33(3)(a)',
  'request-unanswered': 'Art. 12(3)',
  'request-answered-late': 'Art. 12(3)',
  'request-extension-invalid': 'Art. 12(3)',
  'erasure-not-propagated': 'Art. 19',
  'change-not-propagated': 'Art. 19',
  'retention-passed': 'Art. 5(1)(e)',
  'transfer-without-safeguard': 'Art. 44',
  'shared-without-collection': 'Art. 30(1)',
  'processing-after-erasure': 'Art. 17',
  'retained-data-misused': 'Art. 17(3)(b), 5(1)(b)',
  'processing-after-objection': 'Art. 21',
  'processing-after-consent-withdrawn': 'Art. 7(3)',
};

/**
 * A duty not met, or a violation recorded. `open` until the fact that discharges it is
 * recorded; `visibleFrom` is when it becomes a finding (a retention period is no finding
 * before it has passed, an unnotified breach is one from the moment of awareness).
 */
export interface Finding {
  id: string;
  rule: FindingRule;
  article: string;
  subjectId?: string;
  breachId?: string;
  dueAt: string;
  visibleFrom: string;
  status: 'open' | 'closed';
  closedAt?: string;
  summary: string;
  /** Clear, non-personal specifics: request ids, recipients, purposes, categories. */
  detail: Record<string, unknown>;
}

export function finding(
  rule: FindingRule,
  key: string,
  fields: Omit<Finding, 'id' | 'rule' | 'article' | 'visibleFrom' | 'status'> & { visibleFrom?: string; status?: Finding['status'] },
): Finding {
  const owner = fields.subjectId ? `subject:${fields.subjectId}` : `breach:${fields.breachId}`;
  // One instant format (UTC, milliseconds), so that stored findings compare correctly as text.
  return {
    id: `${rule}:${owner}${key ? `:${key}` : ''}`,
    rule,
    article: FINDING_ARTICLES[rule],
    status: fields.status ?? 'open',
    ...fields,
    dueAt: toUtcIso(fields.dueAt),
    visibleFrom: toUtcIso(fields.visibleFrom ?? fields.dueAt),
    ...(fields.closedAt ? { closedAt: toUtcIso(fields.closedAt) } : {}),
  };
}

/** Whether a finding is one at `now`: visible, and open or closed as asked. */
export const isVisibleAt = (f: Finding, now: Date): boolean => Date.parse(f.visibleFrom) <= now.getTime();
