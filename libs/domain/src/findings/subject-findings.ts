import { isInEea } from '../geo/countries';
import { judgeTransfer } from '../geo/transfers';
import { AdequacyDecision, adequacyDecisionAfter } from '../geo/adequacy-decisions';
import { SubjectProfile, TransferRecord, coveringKeys } from '../read-models/subject-profile';
import { episodeOfRequest, recipientsOwedNotice } from '../erasure/erasure-notices';
import { changeNoticesOwed, noChangeNotices } from '../erasure/change-notices';
import { effectiveExtension, extensionVerdict, requestDeadline, requestDueAt } from '../deadlines/request-deadline';
import { DeadlineCalendar, UTC_CALENDAR } from '../deadlines/deadline-calendar';
import { toUtcIso } from '../time/instant';
import { isAfterInstant, isBeforeInstant, later } from '../time/instant-order';
import { Finding, finding } from './finding';
import { retentionFindings } from './retention-findings';
import { processingAfterErasure, retainedDataMisuse } from '../read-models/category-status';
import { processingAfterObjection, processingAfterWithdrawal } from './consent-and-objection';

export interface SubjectFindingPolicy {
  /** Months after all services ended before the account must be deleted (HostingHuis: 24). */
  accountRetentionMonths: number;
  /**
   * Country and safeguard of registered recipients, for shares that state no transfer and were
   * made before the ledger knew the recipient (those made after carry the register entry of their time).
   */
  recipientCountry(recipientId: string): { country: string; safeguard?: string } | undefined;
  /** The Commission's adequacy decisions (geo/adequacy-decisions.ts); the built-in table when absent. */
  adequacyDecisions?: readonly AdequacyDecision[];
  /** How the controller's periods are counted (time zone, holidays); UTC and weekends when absent. */
  calendar?: DeadlineCalendar;
}

/**
 * The findings of one subject, derived from its profile alone. Pure: the same profile gives
 * the same findings. Deadlines come from event times; `now` decides only visibility, later.
 */
export function subjectFindings(p: SubjectProfile, policy: SubjectFindingPolicy): Finding[] {
  const subjectId = p.subjectId;
  const out: Finding[] = [];

  for (const [requestId, record] of p.requests) {
    // An erasure the retention policy started is its own rule (retention-passed), not an Art. 12(3) request.
    if (record.byPolicy) continue;
    const awaiting = record.right === 'erasure' && record.answeredBy === 'PersonalDataErased' ? erasureCompletion(p, requestId) : undefined;
    // Erasure answers once every system that holds the data has reported it (requests/request-answers.ts).
    const r =
      awaiting === undefined ? record : awaiting.systems.length ? { ...record, answeredAt: undefined } : { ...record, answeredAt: awaiting.completedAt };
    const calendar = policy.calendar ?? UTC_CALENDAR;
    const due = requestDeadline(r.receivedAt, r.extensions, calendar);
    const extension = effectiveExtension(r.receivedAt, r.extensions ?? [], calendar);
    const detail = { requestId, right: r.right, receivedAt: r.receivedAt, ...(extension ? { extendedUntil: extension.until } : {}) };
    if (r.answeredAt === undefined) {
      out.push(
        finding('request-unanswered', requestId, {
          subjectId,
          dueAt: due,
          visibleFrom: r.receivedAt,
          summary: `${r.right} request ${requestId} received ${day(r.receivedAt)} is unanswered; due ${day(due)}`,
          detail: { ...detail, ...(awaiting?.systems.length ? { awaitingSystems: awaiting.systems } : {}) },
        }),
      );
    } else if (isAfterInstant(r.answeredAt, due)) {
      out.push(
        finding('request-answered-late', requestId, {
          subjectId,
          dueAt: due,
          visibleFrom: r.receivedAt,
          status: 'closed',
          closedAt: r.answeredAt,
          summary: `${r.right} request ${requestId} was answered ${day(r.answeredAt)}, after its due date ${day(due)}`,
          detail: { ...detail, answeredAt: r.answeredAt, answeredBy: r.answeredBy },
        }),
      );
    }
    // Art. 12(3): an extension is told within the first month; else it moves nothing.
    const invalid = (r.extensions ?? []).map((e) => ({ e, verdict: extensionVerdict(r.receivedAt, e, calendar) })).find((x) => x.verdict !== 'counts');
    if (invalid) {
      const firstDue = requestDueAt(r.receivedAt, calendar);
      out.push(
        finding('request-extension-invalid', requestId, {
          subjectId,
          dueAt: firstDue,
          visibleFrom: invalid.e.at,
          ...(r.answeredAt !== undefined ? { status: 'closed' as const, closedAt: later(r.answeredAt, invalid.e.at)! } : {}),
          summary: `${r.right} request ${requestId} was extended on ${day(invalid.e.at)}, after its first month ended ${day(firstDue)}: the extension does not count`,
          detail: { ...detail, extendedAt: invalid.e.at, until: invalid.e.until, problem: invalid.verdict },
        }),
      );
    }
  }

  // Art. 19, by the rule the erasure decider follows too (erasure/erasure-notices.ts).
  const received = [...p.recipients].map(([recipientId, share]) => [recipientId, share.categories] as const);
  for (const episode of p.erasureNotices.episodes) {
    const requestId = episode.requestIds.values().next().value;
    for (const n of recipientsOwedNotice(episode, received)) {
      if (n.toldAt !== undefined && !isAfterInstant(n.toldAt, n.dueAt)) continue;
      out.push(
        finding('erasure-not-propagated', `${n.recipientId}:${toUtcIso(episode.startedAt)}`, {
          subjectId,
          dueAt: n.dueAt,
          visibleFrom: n.since,
          ...(n.toldAt !== undefined ? { status: 'closed' as const, closedAt: n.toldAt } : {}),
          summary:
            n.toldAt !== undefined
              ? `${n.recipientId} was told of the erasure of ${day(n.since)} only on ${day(n.toldAt)}`
              : `erasure of ${day(n.since)} not passed on to ${n.recipientId}, which received ${n.categories.join(', ')}`,
          detail: { recipientId: n.recipientId, categories: n.categories, erasedAt: n.since, system: n.system, ...(requestId ? { requestId } : {}) },
        }),
      );
    }
  }

  // Art. 19 for rectification and restriction (erasure/change-notices.ts): recipients that had the data when it changed.
  for (const n of changeNoticesOwed(p.changeNotices ?? noChangeNotices(), received)) {
    const share = p.recipients.get(n.recipientId);
    if (share && isAfterInstant(share.firstAt, n.change.at)) continue;
    if (n.toldAt !== undefined && !isAfterInstant(n.toldAt, n.dueAt)) continue;
    out.push(
      finding('change-not-propagated', `${n.recipientId}:${n.change.eventId}`, {
        subjectId,
        dueAt: n.dueAt,
        visibleFrom: n.change.at,
        ...(n.toldAt !== undefined ? { status: 'closed' as const, closedAt: n.toldAt } : {}),
        summary:
          n.toldAt !== undefined
            ? `${n.recipientId} was told of the ${n.change.kind} of ${day(n.change.at)} only on ${day(n.toldAt)}`
            : `${n.change.kind} of ${day(n.change.at)} not passed on to ${n.recipientId}, which received ${n.categories.join(', ')}`,
        detail: {
          recipientId: n.recipientId,
          change: n.change.kind,
          categories: n.categories,
          changedAt: n.change.at,
          system: n.change.system,
          ...(n.change.requestId ? { requestId: n.change.requestId } : {}),
        },
      }),
    );
  }

  out.push(...retentionFindings(p, policy.accountRetentionMonths, policy.calendar ?? UTC_CALENDAR));

  for (const [recipientId, share] of p.recipients) {
    const registered = policy.recipientCountry(recipientId);
    const transfers: TransferRecord[] = share.transfers.size
      ? [...share.transfers.values()]
      : registered && !isInEea(registered.country)
        ? [{ country: registered.country, safeguard: (registered.safeguard ?? 'none') as TransferRecord['safeguard'], eventId: '', at: share.firstAt }]
        : [];
    for (let t of transfers) {
      // Judged as of the share: the decisions in force then, the country and safeguard of then.
      const first = judgeTransfer(t.country, t.safeguard, t.at, policy.adequacyDecisions);
      const last = t.last && first.ok ? judgeTransfer(t.country, t.safeguard, t.last.at, policy.adequacyDecisions) : undefined;
      const judged = first.ok && last ? last : first;
      if (judged.ok) continue;
      if (judged !== first) t = { ...t, at: t.last!.at, eventId: t.last!.eventId };
      // A decision that came into force later for the same destination and safeguard ends the gap
      // (Art. 45(1)): the finding stays, closed on that day, so the DPO sees both dates.
      const coveredBy = adequacyDecisionAfter(t.country, t.safeguard, t.at, policy.adequacyDecisions);
      out.push(
        finding('transfer-without-safeguard', `${recipientId}:${t.country}`, {
          subjectId,
          dueAt: t.at,
          ...(coveredBy ? { status: 'closed' as const, closedAt: `${coveredBy.from}T00:00:00.000Z` } : {}),
          summary: coveredBy
            ? `data shared with ${recipientId} in ${t.country} on ${day(t.at)}, outside the EEA, without a Chapter V ground in force then (${TRANSFER_PROBLEMS[judged.problem]}), until ${coveredBy.decision} applied from ${coveredBy.from}`
            : `data shared with ${recipientId} in ${t.country} on ${day(t.at)}, outside the EEA, without a Chapter V ground in force then (${TRANSFER_PROBLEMS[judged.problem]})`,
          detail: {
            recipientId,
            country: t.country,
            safeguard: t.safeguard,
            problem: judged.problem,
            sharedAt: t.at,
            ...(coveredBy ? { coveredFrom: coveredBy.from, decision: coveredBy.decision } : {}),
            ...(t.eventId ? { eventId: t.eventId } : {}),
          },
        }),
      );
    }
    const uncollected = [...share.uncollected].map(([category, u]) => ({ category, ...u })).filter((u) => !collectedBefore(p, u.category, u.at));
    if (uncollected.length) {
      out.push(
        finding('shared-without-collection', recipientId, {
          subjectId,
          dueAt: uncollected[0].at,
          summary: `${uncollected.map((u) => u.category).join(', ')} shared with ${recipientId} but never recorded as collected`,
          detail: { recipientId, categories: uncollected.map((u) => u.category), eventId: uncollected[0].eventId },
        }),
      );
    }
  }

  // Art. 17: processing after the erasure, until the data is given again (read-models/category-status.ts).
  for (const [category, record] of p.categories) {
    const after = processingAfterErasure(record);
    if (after.length) {
      const last = after.at(-1)!;
      out.push(
        finding('processing-after-erasure', category, {
          subjectId,
          dueAt: last.at,
          summary: `${category} processed on ${day(last.at)}, after its erasure on ${day(record.erasedAt!)}`,
          detail: { category, erasedAt: record.erasedAt, processedAt: last.at, purpose: last.purpose, eventId: last.eventId },
        }),
      );
    }
    // Art. 17(3)(b), 5(1)(b): retained data serves only the obligation it is kept for.
    const misused = retainedDataMisuse(record);
    if (misused.length) {
      const last = misused.at(-1)!;
      out.push(
        finding('retained-data-misused', category, {
          subjectId,
          dueAt: last.at,
          summary: `${category}, kept under ${record.retained!.legalGround} after its erasure on ${day(record.erasedAt!)}, used for ${last.purpose} on ${day(last.at)}`,
          detail: {
            category,
            erasedAt: record.erasedAt,
            processedAt: last.at,
            purpose: last.purpose,
            legalGround: record.retained!.legalGround,
            eventId: last.eventId,
          },
        }),
      );
    }
  }

  // Art. 21 and Art. 7(3), each processing fact judged at its own time (consent-and-objection.ts).
  for (const [purpose, timeline] of p.purposeTimelines ?? []) {
    const objected = processingAfterObjection(timeline);
    if (objected) {
      const last = objected.facts.at(-1)!;
      out.push(
        finding('processing-after-objection', purpose, {
          subjectId,
          dueAt: last.at,
          summary: `processing for ${purpose} on ${day(last.at)}, after the subject objected on ${day(objected.since)}`,
          detail: {
            purpose,
            objectedAt: objected.since,
            processedAt: last.at,
            eventId: last.eventId,
            legalBasis: last.basis,
            directMarketing: !!timeline.directMarketing,
            facts: objected.count ?? objected.facts.length,
            firstProcessedAt: objected.facts[0].at,
          },
        }),
      );
    }
    const withdrawn = processingAfterWithdrawal(timeline);
    if (withdrawn) {
      const last = withdrawn.facts.at(-1)!;
      out.push(
        finding('processing-after-consent-withdrawn', purpose, {
          subjectId,
          dueAt: last.at,
          summary: `processing for ${purpose} on ${last.basis === 'consent' ? 'consent' : `another basis (${last.basis})`} on ${day(last.at)}, after consent was withdrawn on ${day(withdrawn.since)}`,
          detail: {
            purpose,
            withdrawnAt: withdrawn.since,
            processedAt: last.at,
            eventId: last.eventId,
            legalBasis: last.basis,
            facts: withdrawn.count ?? withdrawn.facts.length,
            firstProcessedAt: withdrawn.facts[0].at,
          },
        }),
      );
    }
  }
  // One finding per id (two episodes begun at the same instant would name the same one): the first stands.
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.id) && seen.add(f.id));
}

/**
 * Art. 17 for a request answered by erasures: the systems that hold the subject's data and have
 * not reported an erasure in the request's episode, and when the last of them did.
 */
function erasureCompletion(p: SubjectProfile, requestId: string): { systems: string[]; completedAt?: string } {
  const episode = episodeOfRequest(p.erasureNotices, requestId);
  const holding = new Set<string>();
  for (const c of p.categories.values()) for (const s of c.systems) holding.add(s);
  const firstBySystem = new Map<string, string>();
  for (const e of p.erasures) {
    const inEpisode =
      e.requestId !== undefined
        ? e.requestId === requestId || !!episode?.requestIds.has(e.requestId)
        : !!episode && !isBeforeInstant(e.at, episode.startedAt) && (!episode.closedAt || !isAfterInstant(e.at, episode.closedAt));
    if (!inEpisode) continue;
    const known = firstBySystem.get(e.system);
    if (!known || isBeforeInstant(e.at, known)) firstBySystem.set(e.system, e.at);
  }
  const systems = [...holding].filter((s) => !firstBySystem.has(s)).sort();
  const completedAt = [...firstBySystem.values()].reduce<string | undefined>((a, b) => later(a, b), undefined);
  return { systems, ...(completedAt ? { completedAt } : {}) };
}

function collectedBefore(p: SubjectProfile, category: string, at: string): boolean {
  for (const key of coveringKeys(category)) {
    const collectedAt = p.categories.get(key)?.firstCollectedAt;
    if (collectedAt !== undefined && !isAfterInstant(collectedAt, at)) return true;
  }
  return false;
}

const TRANSFER_PROBLEMS = {
  'no-safeguard': 'no safeguard named',
  'no-adequacy-decision': 'no adequacy decision covers it',
  'dpf-not-in-force': 'the Data Privacy Framework covers only certified US organisations from 10 July 2023',
} as const;

const day = (instant: string): string => instant.slice(0, 10);
