import type { LedgerEvent, Retained, Transfer } from '../catalog/event-data';
import { ErasureNotices, ReceivedCategories, evolveErasureNotices, noErasureNotices } from '../erasure/erasure-notices';
import { ChangeNotices, evolveChangeNotices, noChangeNotices } from '../erasure/change-notices';
import { PurposeTimeline, evolvePurposeTimelines } from '../findings/consent-and-objection';
import type { LegalBasis, SubjectRight } from '../catalog/vocabulary';
import { earlier, isAfterInstant, isBeforeInstant, later } from '../time/instant-order';
import { FOLD_LIMITS, OverLimit, addBounded, countOverLimit, entryBounded } from '../limits/fold-limits';
import { toUtcIso } from '../time/instant';
import { coveringKeys } from '../categories/category-keys';
import { CategoryProcessing, noteCategoryProcessing } from './category-status';
import { AnswerFact, answerFact, answers } from '../requests/request-answers';
import { RETENTION_POLICY_CHANNEL } from '../deadlines/retention-deadline';
import { isInEea } from '../geo/countries';
import type { RequestExtension } from '../deadlines/request-deadline';

/** Extensions kept per request: one is the rule, a few allow corrections. */
const MAX_EXTENSIONS = 8;

/** The key of a retention date: the system and purpose that gave it (identifiers hold no spaces). */
export const retentionKey = (system: string, purpose: string): string => `${system} ${purpose}`;

/** What the ledger knows about one category of a subject's data. */
export interface CategoryRecord {
  purposes: Set<string>;
  legalBases: Set<LegalBasis>;
  sources: Set<string>;
  systems: Set<string>;
  recipients: Set<string>;
  firstCollectedAt?: string;
  /** Latest business time at which the category was collected or shared. */
  lastProcessedAt?: string;
  /** The earliest retention date the emitters gave (as UTC; see retentionBy for each system and purpose). */
  retentionUntil?: string;
  /** Retention dates as given (date or instant), per `system purpose` (retentionKey). */
  retentionBy?: Map<string, string>;
  erasedAt?: string;
  /** The earliest erasure of the category per system. */
  erasedBy?: Map<string, string>;
  /** Kept after erasure under a legal obligation, per system that erased it. */
  retainedBy?: Map<string, { until: string; legalGround: string }>;
  /** Purposes it was collected for under a legal obligation: what retained data may still serve. */
  obligationPurposes?: Set<string>;
  /** The latest processing facts (category-status.ts). */
  processing?: CategoryProcessing[];
  /** New collections (from the subject or a third party) that left that window: the latest of them. */
  freshCollections?: CategoryProcessing[];
  /** The latest violation among facts that left that window, per rule. */
  pastViolations?: { afterErasure?: CategoryProcessing; misuse?: CategoryProcessing };
  /** Kept after erasure under a legal obligation, until this date (`given`: as the erasure stated it, a date or an instant). */
  retained?: { until: string; legalGround: string; given?: string };
  breaches: Set<string>;
}

export interface RequestRecord {
  right: SubjectRight;
  receivedAt: string;
  /** Its extensions, as made; which of them count is the deadline's rule (deadlines/request-deadline.ts). */
  extensions?: RequestExtension[];
  /** The earliest fact that answers it by its right (requests/request-answers.ts): an export, an erasure, a refusal, … */
  answeredAt?: string;
  answeredBy?: string;
  /** Started by the ledger's retention policy: an erasure of its own rule, not an Art. 12(3) request. */
  byPolicy?: true;
}

/** Processing for one purpose: when it last happened, and on which legal bases. */
export interface PurposeRecord {
  lastAt: string;
  lastEventId: string;
  /** Latest processing on the consent basis. */
  lastConsentBasedAt?: string;
  lastConsentBasedEventId?: string;
  categories: Set<string>;
}

/**
 * A transfer of a share: the earliest share that went to this country under this safeguard.
 * Stated on the share, or else (`registered`) where the recipient's register entry put it when
 * the data was shared: Chapter V judges the transfer as it was made, not where the recipient is now.
 */
export type TransferRecord = Transfer & {
  eventId: string;
  at: string;
  registered?: true;
  /** The latest share to this country under this safeguard, when later than `at`. */ last?: { eventId: string; at: string };
};

/** What the fold may ask about the world at the fact's place in the log. */
export interface ProfileContext {
  /** The recipient's registered country and safeguard at this point of the log, if registered. */
  registeredTransfer?(recipientId: string): { country: string; safeguard?: string } | undefined;
}

export interface RecipientShare {
  categories: Set<string>;
  firstAt: string;
  lastAt: string;
  /** Transfers stated on the shares, by `country/safeguard`; one without a safeguard is a finding. */
  transfers: Map<string, TransferRecord>;
  /** The transfer stated on the latest share that stated one: where the recipient has the data now. */
  currentTransfer?: TransferRecord;
  /** Categories shared before any collection of them was recorded: the earliest such share of each. */
  uncollected: Map<string, { eventId: string; at: string }>;
}

export interface ConsentRecord {
  givenAt?: string;
  withdrawnAt?: string;
}

export interface ErasureRecord {
  at: string;
  system: string;
  categories: string[];
  requestId?: string;
  retained: Retained[];
}

/**
 * Everything the ledger derives about one subject, folded from its stream. Only clear,
 * non-personal facts: categories, purposes, systems, recipients and times. The data map and
 * the subject's findings are views of it. Labels chosen by emitters are keys of Maps and
 * members of Sets only (see stored-json.ts), and every collection is bounded (FOLD_LIMITS).
 */
export interface SubjectProfile {
  subjectId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  events: number;
  categories: Map<string, CategoryRecord>;
  purposes: Map<string, PurposeRecord>;
  recipients: Map<string, RecipientShare>;
  requests: Map<string, RequestRecord>;
  /** Answers that name a request not received yet (facts arrive out of order). */
  earlyAnswers?: Map<string, AnswerFact[]>;
  erasures: ErasureRecord[];
  /** The erasure episodes and the notices that count for them (Art. 19): the same fold as the erasure decider's. */
  erasureNotices: ErasureNotices;
  /** Rectifications and restrictions, and the notices of them (Art. 19: erasure/change-notices.ts). */
  changeNotices: ChangeNotices;
  objections: Map<string, string>;
  consents: Map<string, ConsentRecord>;
  /** Per purpose: consent, objection and processing in time, as the findings judge them (findings/consent-and-objection.ts). */
  purposeTimelines?: Map<string, PurposeTimeline>;
  /** The last time the subject was left without any service, unless a service started again. */
  allServicesEndedAt?: string;
  /** The latest ServiceStarted. */
  lastServiceStartedAt?: string;
  lastCollectedAt?: string;
  breaches: Map<string, { at: string; categories: string[] }>;
  shredded: { groups: string[]; at: string; reason: string }[];
  /** What the limits left out, per limit: a sign of an emitter sending far more than a subject has. */
  overLimit: OverLimit;
}

export const emptyProfile = (subjectId: string, at: string): SubjectProfile => ({
  subjectId,
  firstSeenAt: at,
  lastSeenAt: at,
  events: 0,
  categories: new Map(),
  purposes: new Map(),
  recipients: new Map(),
  requests: new Map(),
  erasures: [],
  erasureNotices: noErasureNotices(),
  changeNotices: noChangeNotices(),
  objections: new Map(),
  consents: new Map(),
  breaches: new Map(),
  shredded: [],
  overLimit: {},
});

const categoryOf = (p: SubjectProfile, key: string): CategoryRecord | undefined =>
  entryBounded(p.categories, key, 'categoriesPerSubject', p.overLimit, () => ({
    purposes: new Set(),
    legalBases: new Set(),
    sources: new Set(),
    systems: new Set(),
    recipients: new Set(),
    breaches: new Set(),
  }));

export { coveringKeys } from '../categories/category-keys';

/**
 * A category counts as collected when it or a broader category was recorded as collected.
 * O(depth of the key): looks up the covering keys, not every category of the subject.
 */
export function isCollected(p: SubjectProfile, category: string): boolean {
  for (const key of coveringKeys(category)) if (p.categories.get(key)?.firstCollectedAt !== undefined) return true;
  return false;
}

function noteProcessing(p: SubjectProfile, event: LedgerEvent, purpose: string, basis: LegalBasis, categories: string[]): void {
  const record = entryBounded(p.purposes, purpose, 'purposesPerSubject', p.overLimit, (): PurposeRecord => ({
    lastAt: event.occurredAt,
    lastEventId: event.id,
    categories: new Set<string>(),
  }));
  if (record) {
    if (later(record.lastAt, event.occurredAt) === event.occurredAt) {
      record.lastAt = event.occurredAt;
      record.lastEventId = event.id;
    }
    if (basis === 'consent' && later(record.lastConsentBasedAt, event.occurredAt) === event.occurredAt) {
      record.lastConsentBasedAt = event.occurredAt;
      record.lastConsentBasedEventId = event.id;
    }
    for (const c of categories) addBounded(record.categories, c, 'categoriesPerSubject', p.overLimit);
  }
  for (const c of categories) {
    const category = categoryOf(p, c);
    if (category) category.lastProcessedAt = later(category.lastProcessedAt, event.occurredAt);
  }
}

/** What each recipient received, as the Art. 19 rule reads it. */
function* receivedOf(p: SubjectProfile): ReceivedCategories {
  for (const [recipientId, share] of p.recipients) yield [recipientId, share.categories] as const;
}

/** Notes a fact that may answer the request it names (requests/request-answers.ts): the earliest that answers counts. */
function noteAnswer(p: SubjectProfile, requestId: string, a: AnswerFact): void {
  const request = p.requests.get(requestId);
  if (!request) {
    // Facts arrive out of order: an answer recorded before its request waits for it.
    const early = p.earlyAnswers ?? (p.earlyAnswers = new Map());
    const waiting = entryBounded(early, requestId, 'requestsPerSubject', p.overLimit, (): AnswerFact[] => []);
    if (waiting && waiting.length < MAX_EARLY_ANSWERS) waiting.push(a);
    return;
  }
  if (!answers(request.right, a)) return;
  if (request.answeredAt === undefined || isBeforeInstant(a.at, request.answeredAt)) {
    request.answeredAt = a.at;
    request.answeredBy = a.type;
  }
}

/** Answers kept per request not yet received. */
const MAX_EARLY_ANSWERS = 8;

/**
 * Folds one subject event into the profile. Mutates and returns `profile` (the projection
 * owns its copy); the same event applied in order always gives the same profile. Each step
 * costs O(categories of the event), whatever the subject's history.
 */
export const evolveProfile = (profile: SubjectProfile, event: LedgerEvent): SubjectProfile => evolveProfileIn({})(profile, event);

/** The fold with what it may ask of the log at each fact (the projection's recipient register). */
export const evolveProfileIn =
  (context: ProfileContext) =>
  (profile: SubjectProfile, event: LedgerEvent): SubjectProfile =>
    evolve(profile, event, context);

function evolve(profile: SubjectProfile, event: LedgerEvent, context: ProfileContext): SubjectProfile {
  const p = profile;
  p.events += 1;
  const candidate = answerFact(event);
  if (candidate) noteAnswer(p, candidate.requestId, candidate.answer);
  p.erasureNotices = evolveErasureNotices(p.erasureNotices, event, () => receivedOf(p), p.overLimit);
  evolvePurposeTimelines(p.purposeTimelines ?? (p.purposeTimelines = new Map()), event, p.overLimit);
  p.changeNotices = evolveChangeNotices(p.changeNotices ?? noChangeNotices(), event, p.overLimit);
  p.lastSeenAt = later(p.lastSeenAt, event.occurredAt)!;
  p.firstSeenAt = earlier(p.firstSeenAt, event.occurredAt)!;
  switch (event.type) {
    case 'PersonalDataCollected': {
      const d = event.data;
      for (const c of d.categories) {
        const category = categoryOf(p, c);
        if (!category) continue;
        addBounded(category.purposes, d.purpose, 'labelsPerCategory', p.overLimit);
        addBounded(category.legalBases, d.legalBasis, 'labelsPerCategory', p.overLimit);
        addBounded(category.sources, d.source, 'labelsPerCategory', p.overLimit);
        addBounded(category.systems, d.system, 'labelsPerCategory', p.overLimit);
        if (d.legalBasis === 'legal-obligation')
          addBounded(category.obligationPurposes ?? (category.obligationPurposes = new Set()), d.purpose, 'labelsPerCategory', p.overLimit);
        noteCategoryProcessing(category, {
          at: event.occurredAt,
          purpose: d.purpose,
          fresh: d.source === 'data-subject' || d.source === 'third-party',
          system: d.system,
          eventId: event.id,
        });
        category.firstCollectedAt = earlier(category.firstCollectedAt, event.occurredAt);
        if (d.retention?.until) {
          // Per system and purpose: a shorter date elsewhere is not hidden by a longer one (findings/retention-rules.ts).
          const key = retentionKey(d.system, d.purpose);
          const by = category.retentionBy ?? (category.retentionBy = new Map());
          const known = by.get(key);
          if (known !== undefined || by.size < FOLD_LIMITS.labelsPerCategory)
            by.set(key, known === undefined || isAfterInstant(toUtcIso(d.retention.until), toUtcIso(known)) ? d.retention.until : known);
          else countOverLimit(p.overLimit, 'labelsPerCategory');
          category.retentionUntil = earlier(category.retentionUntil, toUtcIso(d.retention.until));
        }
      }
      noteProcessing(p, event, d.purpose, d.legalBasis, d.categories);
      p.lastCollectedAt = later(p.lastCollectedAt, event.occurredAt);
      break;
    }
    case 'PersonalDataSharedWithProcessor': {
      const d = event.data;
      const share = entryBounded(p.recipients, d.recipientId, 'recipientsPerSubject', p.overLimit, (): RecipientShare => ({
        categories: new Set<string>(),
        firstAt: event.occurredAt,
        lastAt: event.occurredAt,
        transfers: new Map<string, TransferRecord>(),
        uncollected: new Map<string, { eventId: string; at: string }>(),
      }));
      if (share) {
        share.lastAt = later(share.lastAt, event.occurredAt)!;
        const registered = d.transfer ? undefined : context.registeredTransfer?.(d.recipientId);
        const transfer: TransferRecord | undefined = d.transfer
          ? { country: d.transfer.country, safeguard: d.transfer.safeguard, eventId: event.id, at: event.occurredAt }
          : registered && !isInEea(registered.country)
            ? {
                country: registered.country,
                safeguard: (registered.safeguard ?? 'none') as Transfer['safeguard'],
                eventId: event.id,
                at: event.occurredAt,
                registered: true,
              }
            : undefined;
        if (transfer) {
          const stated = transfer;
          if (!stated.registered && (!share.currentTransfer || !isBeforeInstant(event.occurredAt, share.currentTransfer.at))) share.currentTransfer = stated;
          const key = `${stated.country}/${stated.safeguard}`;
          const known = share.transfers.get(key);
          // A decision can lapse between shares (an adequacy decision's end): the latest share is judged too.
          if (known && isAfterInstant(event.occurredAt, known.last?.at ?? known.at)) known.last = { eventId: event.id, at: event.occurredAt };
          if (!known || isBeforeInstant(event.occurredAt, known.at)) {
            if (known || share.transfers.size < FOLD_LIMITS.transfersPerRecipient) {
              share.transfers.set(key, known ? { ...stated, last: known.last ?? { eventId: known.eventId, at: known.at } } : stated);
            } else countOverLimit(p.overLimit, 'transfersPerRecipient');
          }
        }
        for (const c of d.categories) {
          addBounded(share.categories, c, 'categoriesPerSubject', p.overLimit);
          if (isCollected(p, c)) continue;
          const known = share.uncollected.get(c);
          if (!known || isBeforeInstant(event.occurredAt, known.at)) {
            if (known || share.uncollected.size < FOLD_LIMITS.categoriesPerSubject) share.uncollected.set(c, { eventId: event.id, at: event.occurredAt });
            else countOverLimit(p.overLimit, 'categoriesPerSubject');
          }
        }
      }
      for (const c of d.categories) {
        const category = categoryOf(p, c);
        if (!category) continue;
        addBounded(category.recipients, d.recipientId, 'labelsPerCategory', p.overLimit);
        noteCategoryProcessing(category, { at: event.occurredAt, purpose: d.purpose, fresh: false, eventId: event.id });
      }
      noteProcessing(p, event, d.purpose, d.legalBasis, d.categories);
      break;
    }
    case 'PersonalDataErased': {
      const d = event.data;
      if (p.erasures.length < FOLD_LIMITS.erasuresPerSubject) {
        p.erasures.push({ at: event.occurredAt, system: d.system, categories: d.categories, requestId: d.requestId, retained: d.retained ?? [] });
      } else countOverLimit(p.overLimit, 'erasuresPerSubject');
      for (const c of d.categories) {
        const category = categoryOf(p, c);
        if (!category) continue;
        category.erasedAt = later(category.erasedAt, event.occurredAt);
        const by = category.erasedBy ?? (category.erasedBy = new Map());
        const known = by.get(d.system);
        if (known === undefined && by.size >= FOLD_LIMITS.labelsPerCategory) countOverLimit(p.overLimit, 'labelsPerCategory');
        else if (known === undefined || isBeforeInstant(event.occurredAt, known)) by.set(d.system, event.occurredAt);
      }
      for (const r of d.retained ?? []) {
        for (const c of r.categories) {
          const category = categoryOf(p, c);
          if (!category) continue;
          category.retained = { until: toUtcIso(r.until), legalGround: r.legalGround, given: r.until };
          const by = category.retainedBy ?? (category.retainedBy = new Map());
          if (by.has(d.system) || by.size < FOLD_LIMITS.labelsPerCategory) by.set(d.system, { until: toUtcIso(r.until), legalGround: r.legalGround });
        }
      }
      break;
    }
    case 'PersonalDataBreached': {
      const d = event.data;
      const known = p.breaches.has(d.breachId);
      if (known || p.breaches.size < FOLD_LIMITS.breachesPerSubject) p.breaches.set(d.breachId, { at: event.occurredAt, categories: d.categories });
      else countOverLimit(p.overLimit, 'breachesPerSubject');
      for (const c of d.categories) {
        const category = categoryOf(p, c);
        if (category) addBounded(category.breaches, d.breachId, 'labelsPerCategory', p.overLimit);
      }
      break;
    }
    case 'ConsentGiven': {
      const d = event.data;
      const consent = entryBounded(p.consents, d.purpose, 'purposesPerSubject', p.overLimit, () => ({}) as ConsentRecord);
      if (consent) consent.givenAt = later(consent.givenAt, event.occurredAt);
      break;
    }
    case 'ConsentWithdrawn': {
      const d = event.data;
      const consent = entryBounded(p.consents, d.purpose, 'purposesPerSubject', p.overLimit, () => ({}) as ConsentRecord);
      if (consent) consent.withdrawnAt = later(consent.withdrawnAt, event.occurredAt);
      break;
    }
    case 'ObjectionRecorded': {
      const d = event.data;
      const earliest = p.objections.get(d.purpose);
      if (earliest === undefined && p.objections.size >= FOLD_LIMITS.purposesPerSubject) countOverLimit(p.overLimit, 'purposesPerSubject');
      else if (earliest === undefined || isBeforeInstant(event.occurredAt, earliest)) p.objections.set(d.purpose, event.occurredAt);
      break;
    }
    case 'ServiceEnded': {
      const d = event.data;
      // The account is left without service only if no service started after it ended (facts may arrive out of order).
      if (d.allServices && (!p.lastServiceStartedAt || isAfterInstant(event.occurredAt, p.lastServiceStartedAt)))
        p.allServicesEndedAt = later(p.allServicesEndedAt, event.occurredAt);
      break;
    }
    case 'ServiceStarted': {
      // A service begins (again): the account is in use. Said by a fact, not guessed from a contract-basis collection.
      p.lastServiceStartedAt = later(p.lastServiceStartedAt, event.occurredAt);
      if (p.allServicesEndedAt && isAfterInstant(event.occurredAt, p.allServicesEndedAt)) p.allServicesEndedAt = undefined;
      break;
    }
    case 'SubjectRequestReceived': {
      const d = event.data;
      const request = entryBounded(p.requests, d.requestId, 'requestsPerSubject', p.overLimit, (): RequestRecord => ({
        right: d.right,
        receivedAt: event.occurredAt,
        // Started by the ledger's retention policy, not asked by the subject: not an Art. 12(3) request.
        ...(d.channel === RETENTION_POLICY_CHANNEL ? { byPolicy: true as const } : {}),
      }));
      const waiting = p.earlyAnswers?.get(d.requestId);
      if (request && waiting) {
        p.earlyAnswers!.delete(d.requestId);
        for (const a of waiting) noteAnswer(p, d.requestId, a);
      }
      break;
    }
    case 'SubjectRequestExtended': {
      const d = event.data;
      const request = p.requests.get(d.requestId);
      if (request && (request.extensions?.length ?? 0) < MAX_EXTENSIONS) {
        (request.extensions ??= []).push({ until: d.until, at: event.occurredAt });
      }
      break;
    }
    case 'SubjectDataShredded': {
      const d = event.data;
      p.shredded.push({ groups: d.keyGroups, at: event.occurredAt, reason: d.reason });
      break;
    }
    default:
      break;
  }
  return p;
}
