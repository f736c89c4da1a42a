import type { Finding } from '@ledger/domain';
import type { Messages } from '../i18n/translations';

/** As the domain writes days in summaries: the date part of the instant as recorded. */
const day = (instant: unknown): string => String(instant ?? '').slice(0, 10);
const list = (items: unknown): string => (Array.isArray(items) ? items.join(', ') : String(items ?? ''));

/**
 * A finding's one-line summary in the reader's language, from its rule and its clear detail
 * (catalogues: finding.summary.*). In English it is the domain's own summary, word for word.
 */
export function findingSummary(f: Finding, { t }: Messages): string {
  const d = f.detail as Record<string, unknown>;
  const right = () => t(`vocab.right.${String(d.right)}`, { defaultValue: String(d.right) });
  switch (f.rule) {
    case 'request-unanswered':
      return t('finding.summary.request-unanswered', { right: right(), requestId: d.requestId, receivedAt: day(d.receivedAt), dueAt: day(f.dueAt) });
    case 'request-answered-late':
      return t('finding.summary.request-answered-late', { right: right(), requestId: d.requestId, answeredAt: day(d.answeredAt), dueAt: day(f.dueAt) });
    case 'request-extension-invalid':
      return t('finding.summary.request-extension-invalid', { right: right(), requestId: d.requestId, extendedAt: day(d.extendedAt), dueAt: day(f.dueAt) });
    case 'erasure-not-propagated':
      return f.status === 'closed' && f.closedAt
        ? t('finding.summary.erasure-not-propagated.toldLate', { recipientId: d.recipientId, erasedAt: day(d.erasedAt), toldAt: day(f.closedAt) })
        : t('finding.summary.erasure-not-propagated.notTold', { recipientId: d.recipientId, erasedAt: day(d.erasedAt), categories: list(d.categories) });
    case 'change-not-propagated': {
      const change = t(`finding.summary.changeKind.${String(d.change)}`, { defaultValue: String(d.change) });
      return f.status === 'closed' && f.closedAt
        ? t('finding.summary.change-not-propagated.toldLate', { recipientId: d.recipientId, change, changedAt: day(d.changedAt), toldAt: day(f.closedAt) })
        : t('finding.summary.change-not-propagated.notTold', {
            recipientId: d.recipientId,
            change,
            changedAt: day(d.changedAt),
            categories: list(d.categories),
          });
    }
    case 'retention-passed':
      if (d.category !== undefined && d.erasedAt !== undefined) {
        return t('finding.summary.retention-passed.erasedLate', {
          category: d.category,
          system: d.system,
          purpose: d.purpose,
          erasedAt: day(d.erasedAt),
          until: day(d.until),
        });
      }
      return d.category !== undefined
        ? t('finding.summary.retention-passed.category', { category: d.category, until: day(d.until) })
        : t('finding.summary.retention-passed.account', { endedAt: day(d.allServicesEndedAt), dueAt: day(f.dueAt) });
    case 'transfer-without-safeguard':
      // Closed when a later decision came to cover the same destination: both dates are told.
      return t(d.coveredFrom ? 'finding.summary.transfer-without-safeguard-until' : 'finding.summary.transfer-without-safeguard', {
        recipientId: d.recipientId,
        country: d.country,
        sharedAt: day(d.sharedAt ?? f.dueAt),
        problem: t(`finding.transferProblem.${String(d.problem ?? 'no-safeguard')}`),
        coveredFrom: d.coveredFrom,
        decision: d.decision,
      });
    case 'shared-without-collection':
      return t('finding.summary.shared-without-collection', { recipientId: d.recipientId, categories: list(d.categories) });
    case 'processing-after-erasure':
      return t('finding.summary.processing-after-erasure', { category: d.category, processedAt: day(d.processedAt), erasedAt: day(d.erasedAt) });
    case 'retained-data-misused':
      return t('finding.summary.retained-data-misused', {
        category: d.category,
        legalGround: d.legalGround,
        erasedAt: day(d.erasedAt),
        purpose: d.purpose,
        processedAt: day(d.processedAt),
      });
    case 'processing-after-objection':
      return t('finding.summary.processing-after-objection', { purpose: d.purpose, processedAt: day(d.processedAt), objectedAt: day(d.objectedAt) });
    case 'processing-after-consent-withdrawn':
      return t(
        d.legalBasis === undefined || d.legalBasis === 'consent'
          ? 'finding.summary.processing-after-consent-withdrawn.onConsent'
          : 'finding.summary.processing-after-consent-withdrawn.otherBasis',
        {
          purpose: d.purpose,
          legalBasis: d.legalBasis,
          processedAt: day(d.processedAt),
          withdrawnAt: day(d.withdrawnAt),
        },
      );
    case 'breach-not-notified':
      return t('finding.summary.breach-not-notified', { breachId: f.breachId, awareAt: d.awareAt, dueAt: f.dueAt });
    case 'breach-notified-late':
      return t(d.delayReason ? 'finding.summary.breach-notified-late.withReason' : 'finding.summary.breach-notified-late.withoutReason', {
        breachId: f.breachId,
        hours: d.hoursAfterAwareness,
      });
    case 'breach-subjects-not-notified':
      return t(d.exemption ? 'finding.summary.breach-subjects-not-notified-no-public-communication' : 'finding.summary.breach-subjects-not-notified', {
        breachId: f.breachId,
      });
    case 'breach-subject-categories-missing':
      return t('finding.summary.breach-subject-categories-missing', { breachId: f.breachId });
    default:
      return f.summary;
  }
}
