import { isInEea } from '../geo/countries';
import { keyGroupOfCategory } from '../personal/key-groups';
import { addCalendarMonths } from '../time/calendar';
import { SubjectProfile, TransferRecord, coveringKeys } from '../read-models/subject-profile';
import { erasureNoticeDueAt, isAfterInstant, requestDueAtExtended } from './deadlines';
import { Finding, finding } from './finding';

export interface SubjectFindingPolicy {
  /** Months after all services ended before the account must be deleted (HostingHuis: 24). */
  accountRetentionMonths: number;
  /** Country and safeguard of registered recipients, for shares that state no transfer. */
  recipientCountry(recipientId: string): { country: string; safeguard?: string } | undefined;
}

const SAFE = new Set(['adequacy', 'dpf', 'scc', 'bcr', 'derogation']);

/**
 * The findings of one subject, derived from its profile alone. Pure: the same profile gives
 * the same findings. Deadlines come from event times; `now` decides only visibility, later.
 */
export function subjectFindings(p: SubjectProfile, policy: SubjectFindingPolicy): Finding[] {
  const subjectId = p.subjectId;
  const out: Finding[] = [];

  for (const [requestId, r] of p.requests) {
    const due = requestDueAtExtended(r.receivedAt, r.extendedUntil);
    const detail = { requestId, right: r.right, receivedAt: r.receivedAt, ...(r.extendedUntil ? { extendedUntil: r.extendedUntil } : {}) };
    if (r.answeredAt === undefined) {
      out.push(finding('request-unanswered', requestId, {
        subjectId, dueAt: due, visibleFrom: r.receivedAt,
        summary: `${r.right} request ${requestId} received ${day(r.receivedAt)} is unanswered; due ${day(due)}`,
        detail,
      }));
    } else if (isAfterInstant(r.answeredAt, due)) {
      out.push(finding('request-answered-late', requestId, {
        subjectId, dueAt: due, visibleFrom: r.receivedAt, status: 'closed', closedAt: r.answeredAt,
        summary: `${r.right} request ${requestId} was answered ${day(r.answeredAt)}, after its due date ${day(due)}`,
        detail: { ...detail, answeredAt: r.answeredAt, answeredBy: r.answeredBy },
      }));
    }
  }

  for (const erasure of p.erasures) {
    const due = erasureNoticeDueAt(erasure.at);
    const erasedHere = new Set(erasure.categories);
    for (const [recipientId, share] of p.recipients) {
      if (isAfterInstant(share.firstAt, erasure.at)) continue;
      // Looking through the smaller of the two; sorted, so the order does not depend on which.
      const erased = (
        share.categories.size <= erasedHere.size
          ? [...share.categories].filter((c) => erasedHere.has(c))
          : [...erasedHere].filter((c) => share.categories.has(c))
      ).sort();
      if (erased.length === 0) continue;
      const noticeAt = p.erasureNotices.get(recipientId);
      const told = noticeAt !== undefined && !isAfterInstant(erasure.at, noticeAt);
      if (told && !isAfterInstant(noticeAt, due)) continue;
      out.push(finding('erasure-not-propagated', `${recipientId}:${erasure.at}`, {
        subjectId, dueAt: due, visibleFrom: erasure.at,
        ...(told ? { status: 'closed' as const, closedAt: noticeAt } : {}),
        summary: told
          ? `${recipientId} was told of the erasure of ${day(erasure.at)} only on ${day(noticeAt)}`
          : `erasure of ${day(erasure.at)} not passed on to ${recipientId}, which received ${erased.join(', ')}`,
        detail: { recipientId, categories: erased, erasedAt: erasure.at, system: erasure.system, ...(erasure.requestId ? { requestId: erasure.requestId } : {}) },
      }));
    }
  }

  out.push(...retentionFindings(p, policy));

  for (const [recipientId, share] of p.recipients) {
    const registered = policy.recipientCountry(recipientId);
    const transfers: TransferRecord[] = share.transfers.size
      ? [...share.transfers.values()]
      : registered && !isInEea(registered.country)
        ? [{ country: registered.country, safeguard: (registered.safeguard ?? 'none') as TransferRecord['safeguard'], eventId: '', at: share.firstAt }]
        : [];
    for (const t of transfers) {
      if (isInEea(t.country) || SAFE.has(t.safeguard)) continue;
      out.push(finding('transfer-without-safeguard', `${recipientId}:${t.country}`, {
        subjectId, dueAt: t.at,
        summary: `data shared with ${recipientId} in ${t.country}, outside the EEA, without a Chapter V safeguard`,
        detail: { recipientId, country: t.country, safeguard: t.safeguard, ...(t.eventId ? { eventId: t.eventId } : {}) },
      }));
    }
    const uncollected = [...share.uncollected]
      .map(([category, u]) => ({ category, ...u }))
      .filter((u) => !collectedBefore(p, u.category, u.at));
    if (uncollected.length) {
      out.push(finding('shared-without-collection', recipientId, {
        subjectId, dueAt: uncollected[0].at,
        summary: `${uncollected.map((u) => u.category).join(', ')} shared with ${recipientId} but never recorded as collected`,
        detail: { recipientId, categories: uncollected.map((u) => u.category), eventId: uncollected[0].eventId },
      }));
    }
  }

  for (const [category, record] of p.categories) {
    if (!record.erasedAt || record.retained || !record.lastProcessedAt || !isAfterInstant(record.lastProcessedAt, record.erasedAt)) continue;
    out.push(finding('processing-after-erasure', category, {
      subjectId, dueAt: record.lastProcessedAt,
      summary: `${category} processed on ${day(record.lastProcessedAt)}, after its erasure on ${day(record.erasedAt)}`,
      detail: { category, erasedAt: record.erasedAt, processedAt: record.lastProcessedAt },
    }));
  }

  for (const [purpose, objectedAt] of p.objections) {
    const processing = p.purposes.get(purpose);
    if (!processing || !isAfterInstant(processing.lastAt, objectedAt)) continue;
    out.push(finding('processing-after-objection', purpose, {
      subjectId, dueAt: processing.lastAt,
      summary: `processing for ${purpose} on ${day(processing.lastAt)}, after the subject objected on ${day(objectedAt)}`,
      detail: { purpose, objectedAt, processedAt: processing.lastAt, eventId: processing.lastEventId },
    }));
  }

  for (const [purpose, consent] of p.consents) {
    const processing = p.purposes.get(purpose);
    const withdrawn = consent.withdrawnAt;
    if (!withdrawn || !processing?.lastConsentBasedAt || !isAfterInstant(processing.lastConsentBasedAt, withdrawn)) continue;
    if (consent.givenAt && isAfterInstant(consent.givenAt, withdrawn)) continue;
    out.push(finding('processing-after-consent-withdrawn', purpose, {
      subjectId, dueAt: processing.lastConsentBasedAt,
      summary: `processing for ${purpose} on consent on ${day(processing.lastConsentBasedAt)}, after consent was withdrawn on ${day(withdrawn)}`,
      detail: { purpose, withdrawnAt: withdrawn, processedAt: processing.lastConsentBasedAt, eventId: processing.lastConsentBasedEventId },
    }));
  }
  // One finding per id (two erasures at the same instant would name the same one): the first stands.
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.id) && seen.add(f.id));
}

function retentionFindings(p: SubjectProfile, policy: SubjectFindingPolicy): Finding[] {
  const subjectId = p.subjectId;
  const out: Finding[] = [];
  const erasedAll = p.erasures.length > 0 && [...p.categories.values()].every((c) => c.erasedAt || c.retained);
  if (p.allServicesEndedAt) {
    const due = addCalendarMonths(new Date(p.allServicesEndedAt), policy.accountRetentionMonths).toISOString();
    const lastErasure = p.erasures.map((e) => e.at).sort().at(-1);
    out.push(finding('retention-passed', 'account', {
      subjectId, dueAt: due,
      ...(erasedAll && lastErasure ? { status: 'closed' as const, closedAt: lastErasure } : {}),
      summary: `all services ended ${day(p.allServicesEndedAt)}; the account was due for deletion ${day(due)}`,
      detail: { allServicesEndedAt: p.allServicesEndedAt, months: policy.accountRetentionMonths },
    }));
  }
  for (const [category, record] of p.categories) {
    const until = record.retained?.until ?? (record.erasedAt ? undefined : record.retentionUntil);
    if (!until) continue;
    // Closed by the shred of this category's own key group once its date had come.
    const group = keyGroupOfCategory(category);
    const shredded = record.retained
      ? p.shredded.find((s) => s.reason === 'retention-expired' && s.groups.includes(group) && !isAfterInstant(until, s.at))
      : undefined;
    out.push(finding('retention-passed', category, {
      subjectId, dueAt: until,
      ...(shredded ? { status: 'closed' as const, closedAt: shredded.at } : {}),
      summary: `${category} kept past its retention date ${day(until)}`,
      detail: { category, until, ...(record.retained ? { legalGround: record.retained.legalGround } : {}) },
    }));
  }
  return out;
}

function collectedBefore(p: SubjectProfile, category: string, at: string): boolean {
  for (const key of coveringKeys(category)) {
    const collectedAt = p.categories.get(key)?.firstCollectedAt;
    if (collectedAt !== undefined && !isAfterInstant(collectedAt, at)) return true;
  }
  return false;
}

const day = (instant: string): string => instant.slice(0, 10);
