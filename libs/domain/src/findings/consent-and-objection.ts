import type { LedgerEvent } from '../catalog/event-data';
import type { LegalBasis } from '../catalog/vocabulary';
import { OverLimit, entryBounded } from '../limits/fold-limits';
import { byInstant, insertByInstant, isBeforeInstant } from '../time/instant-order';

/**
 * Consent and objection judged at the time of each processing fact.
 *
 * Consent (Art. 7(3), Art. 6(1)(a); EDPB Guidelines 05/2020 §117–120): processing for a purpose
 * after its consent was withdrawn, and before it was given again, is a finding — on consent,
 * and on any other basis too: a controller may not swap to another basis once consent is
 * withdrawn. Giving consent again later does not cure the processing done in the gap.
 *
 * Objection (Art. 21): to direct marketing it is absolute (21(2)–(3)): any processing for that
 * purpose after it is a finding, whatever the basis, and no grounds override it. Any other
 * objection (21(1)) concerns processing on Art. 6(1)(e) or (f) only, and ends where the
 * controller shows compelling legitimate grounds (ObjectionOverridden). A consent given for the
 * purpose after the objection ends it.
 */
export interface PurposeTimeline {
  /** Marked direct marketing by any fact (collection, share, objection). */
  directMarketing?: true;
  /** Consent given (true) or withdrawn (false), in business time. */
  consent: { at: string; given: boolean }[];
  objection: { at: string; kind: 'objected' | 'overridden' }[];
  /** The latest processing facts of the purpose (at most TIMELINE_KEPT). */
  processing: { at: string; basis: LegalBasis; eventId: string }[];
  /** Violations among processing facts that fell out of the window, judged when they fell out: kept, so none goes silent. */
  past?: { withdrawal?: Violation; objection?: Violation };
}

/** Per purpose: timeline entries kept of each kind. Processing beyond it keeps the latest. */
export const TIMELINE_KEPT = 32;

/** Adds an entry unless one the same in all but its event id is there: a repeated fact adds nothing. */
const push = <T extends { at: string }>(list: T[], item: T, same: (a: T, b: T) => boolean): void => {
  insertByInstant(list, item, TIMELINE_KEPT, same);
};
const sameProcessing = (a: PurposeTimeline['processing'][number], b: PurposeTimeline['processing'][number]) => a.basis === b.basis;
const sameConsent = (a: PurposeTimeline['consent'][number], b: PurposeTimeline['consent'][number]) => a.given === b.given;
const sameObjection = (a: PurposeTimeline['objection'][number], b: PurposeTimeline['objection'][number]) => a.kind === b.kind;

const timelineOf = (timelines: Map<string, PurposeTimeline>, purpose: string, over: OverLimit) =>
  entryBounded(timelines, purpose, 'purposesPerSubject', over, (): PurposeTimeline => ({ consent: [], objection: [], processing: [] }));

export function evolvePurposeTimelines(timelines: Map<string, PurposeTimeline>, event: LedgerEvent, over: OverLimit): void {
  const at = event.occurredAt;
  switch (event.type) {
    case 'PersonalDataCollected':
    case 'PersonalDataSharedWithProcessor': {
      const t = timelineOf(timelines, event.data.purpose, over);
      if (!t) return;
      if (event.data.directMarketing) t.directMarketing = true;
      insertByInstant(t.processing, { at, basis: event.data.legalBasis, eventId: event.id }, TIMELINE_KEPT, sameProcessing, (old) =>
        rememberIfViolation(t, old),
      );
      return;
    }
    case 'ConsentGiven':
    case 'ConsentWithdrawn': {
      const t = timelineOf(timelines, event.data.purpose, over);
      if (t) push(t.consent, { at, given: event.type === 'ConsentGiven' }, sameConsent);
      return;
    }
    case 'ObjectionRecorded':
    case 'ObjectionOverridden': {
      const t = timelineOf(timelines, event.data.purpose, over);
      if (!t) return;
      if (event.type === 'ObjectionRecorded' && event.data.directMarketing) t.directMarketing = true;
      push(t.objection, { at, kind: event.type === 'ObjectionRecorded' ? 'objected' : 'overridden' }, sameObjection);
      return;
    }
    default:
      return;
  }
}

/** A processing fact leaving the window is judged now and, if it broke a rule, remembered (first, last, count). */
function rememberIfViolation(t: PurposeTimeline, fact: PurposeTimeline['processing'][number]): void {
  // Most purposes were never withdrawn nor objected to: nothing to judge.
  if (t.objection.length === 0 && !t.consent.some((c) => !c.given)) return;
  const alone = { ...t, processing: [fact], past: undefined };
  const merge = (known: Violation | undefined, found: Violation | undefined): Violation | undefined =>
    !found
      ? known
      : !known
        ? found
        : {
            facts: [...known.facts, ...found.facts].sort((a, b) => byInstant(a.at, b.at)).filter((_, i, all) => i === 0 || i === all.length - 1),
            since: found.since,
            count: (known.count ?? known.facts.length) + 1,
          };
  const withdrawal = merge(t.past?.withdrawal, processingAfterWithdrawal(alone));
  const objection = merge(t.past?.objection, processingAfterObjection(alone));
  if (withdrawal || objection) t.past = { ...(withdrawal ? { withdrawal } : {}), ...(objection ? { objection } : {}) };
}

/** The latest entry before `at` (processing at the very instant of a change is judged by what held before it). */
const inForce = <T extends { at: string }>(list: readonly T[], at: string): T | undefined => {
  let found: T | undefined;
  for (const entry of list) if (isBeforeInstant(entry.at, at)) found = entry;
  return found;
};

export interface Violation {
  /** The processing facts judged a violation, the earliest first (for facts that left the window: the first and the last). */
  facts: { at: string; basis: LegalBasis; eventId: string }[];
  /** The withdrawal or objection they followed (that of the latest). */
  since: string;
  /** How many facts, where more than `facts` lists. */
  count?: number;
}

/** Processing after the consent for its purpose was withdrawn (and not given again by then), on any basis. */
export function processingAfterWithdrawal(t: PurposeTimeline): Violation | undefined {
  const facts = t.processing.filter((p) => inForce(t.consent, p.at)?.given === false);
  return withPast(facts.length ? { facts, since: inForce(t.consent, facts.at(-1)!.at)!.at } : undefined, t.past?.withdrawal);
}

/** The violations in the window with those remembered from facts that left it. */
function withPast(now: Violation | undefined, past: Violation | undefined): Violation | undefined {
  if (!past) return now;
  if (!now) return past;
  return {
    facts: [...past.facts, ...now.facts].sort((a, b) => byInstant(a.at, b.at)),
    since: now.since,
    count: (past.count ?? past.facts.length) + now.facts.length,
  };
}

const ART_21_1_BASES: ReadonlySet<LegalBasis> = new Set(['public-task', 'legitimate-interests']);

/** Processing while an objection was in force. */
export function processingAfterObjection(t: PurposeTimeline): Violation | undefined {
  const marketing = !!t.directMarketing;
  // Compelling grounds override an Art. 21(1) objection only; a later consent ends any objection.
  const events = [
    ...t.objection.filter((o) => o.kind === 'objected' || !marketing).map((o) => ({ at: o.at, objecting: o.kind === 'objected' })),
    ...t.consent.filter((c) => c.given).map((c) => ({ at: c.at, objecting: false })),
  ].sort((a, b) => byInstant(a.at, b.at) || Number(a.objecting) - Number(b.objecting));
  const facts = t.processing.filter((p) => (marketing || ART_21_1_BASES.has(p.basis)) && inForce(events, p.at)?.objecting === true);
  return withPast(facts.length ? { facts, since: inForce(events, facts.at(-1)!.at)!.at } : undefined, t.past?.objection);
}
