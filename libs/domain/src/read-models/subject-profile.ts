import type {
  ConsentGiven,
  ConsentWithdrawn,
  LedgerEvent,
  ObjectionRecorded,
  PersonalDataBreached,
  PersonalDataCollected,
  PersonalDataErased,
  PersonalDataExported,
  PersonalDataRectified,
  PersonalDataSharedWithProcessor,
  RecipientNotifiedOfErasure,
  Retained,
  ServiceEnded,
  SubjectDataShredded,
  SubjectRequestExtended,
  SubjectRequestReceived,
  Transfer,
} from '../catalog/event-data';
import type { LegalBasis, SubjectRight } from '../catalog/vocabulary';
import { later } from '../findings/deadlines';
import { toUtcIso } from '../time/instant';

/** What the ledger knows about one category of a subject's data. */
export interface CategoryRecord {
  purposes: string[];
  legalBases: LegalBasis[];
  sources: string[];
  systems: string[];
  recipients: string[];
  firstCollectedAt?: string;
  /** Latest business time at which the category was collected or shared. */
  lastProcessedAt?: string;
  /** The retention deadline the emitters gave (latest of them). */
  retentionUntil?: string;
  erasedAt?: string;
  /** Kept after erasure under a legal obligation, until this date. */
  retained?: { until: string; legalGround: string };
  breaches: string[];
}

export interface RequestRecord {
  right: SubjectRight;
  receivedAt: string;
  extendedUntil?: string;
  /** The first later fact that answers it (an export, an erasure, a rejection, …). */
  answeredAt?: string;
  answeredBy?: string;
}

/** Processing for one purpose: when it last happened, and on which legal bases. */
export interface PurposeRecord {
  lastAt: string;
  lastEventId: string;
  /** Latest processing on the consent basis. */
  lastConsentBasedAt?: string;
  lastConsentBasedEventId?: string;
  categories: string[];
}

export interface RecipientShare {
  categories: string[];
  firstAt: string;
  lastAt: string;
  /** Transfers stated on the shares; one without a safeguard is a finding. */
  transfers: (Transfer & { eventId: string; at: string })[];
  /** Categories shared before any collection of them was recorded. */
  uncollected: { category: string; eventId: string; at: string }[];
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
 * the subject's findings are views of it.
 */
export interface SubjectProfile {
  subjectId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  events: number;
  categories: Record<string, CategoryRecord>;
  purposes: Record<string, PurposeRecord>;
  recipients: Record<string, RecipientShare>;
  requests: Record<string, RequestRecord>;
  erasures: ErasureRecord[];
  /** Recipient → when it was told of the erasure (Art. 19). */
  erasureNotices: Record<string, string>;
  objections: Record<string, string>;
  consents: Record<string, { givenAt?: string; withdrawnAt?: string }>;
  /** The last time the subject was left without any service, unless a service started again. */
  allServicesEndedAt?: string;
  lastCollectedAt?: string;
  breaches: Record<string, { at: string; categories: string[] }>;
  shredded: { groups: string[]; at: string; reason: string }[];
}

export const emptyProfile = (subjectId: string, at: string): SubjectProfile => ({
  subjectId,
  firstSeenAt: at,
  lastSeenAt: at,
  events: 0,
  categories: {},
  purposes: {},
  recipients: {},
  requests: {},
  erasures: [],
  erasureNotices: {},
  objections: {},
  consents: {},
  breaches: {},
  shredded: [],
});

const add = <T>(list: T[], ...items: T[]): T[] => {
  for (const item of items) if (!list.includes(item)) list.push(item);
  return list;
};

const categoryOf = (p: SubjectProfile, key: string): CategoryRecord =>
  (p.categories[key] ??= { purposes: [], legalBases: [], sources: [], systems: [], recipients: [], breaches: [] });

/** A category counts as collected when it or a broader category was recorded as collected. */
export const isCollected = (p: SubjectProfile, category: string): boolean =>
  Object.entries(p.categories).some(
    ([key, record]) => record.firstCollectedAt !== undefined && (key === category || category.startsWith(`${key}.`)),
  );

function noteProcessing(p: SubjectProfile, event: LedgerEvent, purpose: string, basis: LegalBasis, categories: string[]): void {
  const record = (p.purposes[purpose] ??= { lastAt: event.occurredAt, lastEventId: event.id, categories: [] });
  if (later(record.lastAt, event.occurredAt) === event.occurredAt) {
    record.lastAt = event.occurredAt;
    record.lastEventId = event.id;
  }
  if (basis === 'consent' && later(record.lastConsentBasedAt, event.occurredAt) === event.occurredAt) {
    record.lastConsentBasedAt = event.occurredAt;
    record.lastConsentBasedEventId = event.id;
  }
  add(record.categories, ...categories);
  for (const c of categories) {
    const category = categoryOf(p, c);
    category.lastProcessedAt = later(category.lastProcessedAt, event.occurredAt);
  }
}

/** Marks the request a fact answers, if it names one that is still open. */
function answer(p: SubjectProfile, requestId: string | undefined, event: LedgerEvent): void {
  const request = requestId ? p.requests[requestId] : undefined;
  if (request && request.answeredAt === undefined) {
    request.answeredAt = event.occurredAt;
    request.answeredBy = event.type;
  }
}

/**
 * Folds one subject event into the profile. Mutates and returns `profile` (the projection
 * owns its copy); the same event applied in order always gives the same profile.
 */
export function evolveProfile(profile: SubjectProfile, event: LedgerEvent): SubjectProfile {
  const p = profile;
  p.events += 1;
  p.lastSeenAt = later(p.lastSeenAt, event.occurredAt)!;
  if (Date.parse(event.occurredAt) < Date.parse(p.firstSeenAt)) p.firstSeenAt = event.occurredAt;
  switch (event.type) {
    case 'PersonalDataCollected': {
      const d = event.data as PersonalDataCollected;
      for (const c of d.categories) {
        const category = categoryOf(p, c);
        add(category.purposes, d.purpose);
        add(category.legalBases, d.legalBasis);
        add(category.sources, d.source);
        add(category.systems, d.system);
        if (!category.firstCollectedAt || Date.parse(event.occurredAt) < Date.parse(category.firstCollectedAt)) {
          category.firstCollectedAt = event.occurredAt;
        }
        if (d.retention?.until) category.retentionUntil = later(category.retentionUntil, toUtcIso(d.retention.until));
      }
      noteProcessing(p, event, d.purpose, d.legalBasis, d.categories);
      p.lastCollectedAt = later(p.lastCollectedAt, event.occurredAt);
      // Collection under a contract after all services had ended: a new service, the account is in use again.
      if (p.allServicesEndedAt && d.legalBasis === 'contract' && Date.parse(event.occurredAt) > Date.parse(p.allServicesEndedAt)) {
        p.allServicesEndedAt = undefined;
      }
      break;
    }
    case 'PersonalDataSharedWithProcessor': {
      const d = event.data as PersonalDataSharedWithProcessor;
      const share = (p.recipients[d.recipientId] ??= { categories: [], firstAt: event.occurredAt, lastAt: event.occurredAt, transfers: [], uncollected: [] });
      add(share.categories, ...d.categories);
      share.lastAt = later(share.lastAt, event.occurredAt)!;
      if (d.transfer) share.transfers.push({ ...d.transfer, eventId: event.id, at: event.occurredAt });
      for (const c of d.categories) {
        if (!isCollected(p, c)) share.uncollected.push({ category: c, eventId: event.id, at: event.occurredAt });
        add(categoryOf(p, c).recipients, d.recipientId);
      }
      noteProcessing(p, event, d.purpose, d.legalBasis, d.categories);
      break;
    }
    case 'PersonalDataExported': {
      const d = event.data as PersonalDataExported;
      answer(p, d.requestId, event);
      break;
    }
    case 'PersonalDataErased': {
      const d = event.data as PersonalDataErased;
      p.erasures.push({ at: event.occurredAt, system: d.system, categories: d.categories, requestId: d.requestId, retained: d.retained ?? [] });
      for (const c of d.categories) categoryOf(p, c).erasedAt = later(categoryOf(p, c).erasedAt, event.occurredAt);
      for (const r of d.retained ?? []) {
        for (const c of r.categories) categoryOf(p, c).retained = { until: toUtcIso(r.until), legalGround: r.legalGround };
      }
      answer(p, d.requestId, event);
      break;
    }
    case 'PersonalDataRectified': {
      const d = event.data as PersonalDataRectified;
      answer(p, d.requestId, event);
      break;
    }
    case 'PersonalDataBreached': {
      const d = event.data as PersonalDataBreached;
      p.breaches[d.breachId] = { at: event.occurredAt, categories: d.categories };
      for (const c of d.categories) add(categoryOf(p, c).breaches, d.breachId);
      break;
    }
    case 'ConsentGiven': {
      const d = event.data as ConsentGiven;
      const consent = (p.consents[d.purpose] ??= {});
      consent.givenAt = later(consent.givenAt, event.occurredAt);
      break;
    }
    case 'ConsentWithdrawn': {
      const d = event.data as ConsentWithdrawn;
      const consent = (p.consents[d.purpose] ??= {});
      consent.withdrawnAt = later(consent.withdrawnAt, event.occurredAt);
      break;
    }
    case 'ObjectionRecorded': {
      const d = event.data as ObjectionRecorded;
      const earliest = p.objections[d.purpose];
      if (!earliest || Date.parse(event.occurredAt) < Date.parse(earliest)) p.objections[d.purpose] = event.occurredAt;
      answer(p, d.requestId, event);
      break;
    }
    case 'ServiceEnded': {
      const d = event.data as ServiceEnded;
      if (d.allServices) p.allServicesEndedAt = later(p.allServicesEndedAt, event.occurredAt);
      break;
    }
    case 'SubjectRequestReceived': {
      const d = event.data as SubjectRequestReceived;
      p.requests[d.requestId] ??= { right: d.right, receivedAt: event.occurredAt };
      break;
    }
    case 'SubjectRequestExtended': {
      const d = event.data as SubjectRequestExtended;
      const request = p.requests[d.requestId];
      if (request) request.extendedUntil = later(request.extendedUntil, toUtcIso(d.until));
      break;
    }
    case 'SubjectRequestRejected':
      answer(p, (event.data as { requestId: string }).requestId, event);
      break;
    case 'RecipientNotifiedOfErasure': {
      const d = event.data as RecipientNotifiedOfErasure;
      p.erasureNotices[d.recipientId] = later(p.erasureNotices[d.recipientId], event.occurredAt)!;
      break;
    }
    case 'SubjectDataShredded': {
      const d = event.data as SubjectDataShredded;
      p.shredded.push({ groups: d.keyGroups, at: event.occurredAt, reason: d.reason });
      break;
    }
    default:
      break;
  }
  return p;
}
