import type {
  PersonalDataCollected,
  PersonalDataErased,
  PersonalDataSharedWithProcessor,
  RecipientNotifiedOfErasure,
  Retained,
  SubjectDataShredded,
  SubjectRequestReceived,
} from '../catalog/event-data';
import { FOLD_LIMITS, FoldLimit } from '../limits/fold-limits';
import { KEY_GROUPS, KeyGroup, keyGroupOfCategory } from '../personal/key-groups';
import { CommandRefused, Decider, NewFact } from './decider';
import { RecordFact } from './record-fact';

/** The DPO (or the retention policy) asks for a subject's data to be erased. */
export interface RequestErasure {
  type: 'RequestErasure';
  eventId: string;
  requestId: string;
  at: string;
  channel: string;
}

/** Destroy the keys that are due: after a completed erasure, or when a retained group's time is up. */
export interface ShredDueKeys {
  type: 'ShredDueKeys';
  eventId: string;
  at: string;
}

export type SubjectCommand = RecordFact | RequestErasure | ShredDueKeys;

export interface ErasureProgress {
  requestId?: string;
  startedAt: string;
  /** Systems that reported PersonalDataErased since the erasure began. */
  erasedBy: ReadonlySet<string>;
  erasedCategories: ReadonlySet<string>;
  retained: readonly Retained[];
  /** Recipients told of the erasure since it began (Art. 19). */
  notified: ReadonlySet<string>;
}

/**
 * The state of a subject stream the erasure workflow decides from; kept between decisions as
 * stored JSON (stored-json.ts). Labels are members of Sets and keys of Maps, never keys of
 * plain objects, and every collection is bounded (FOLD_LIMITS).
 */
export interface SubjectState {
  exists: boolean;
  /** Systems that hold (collected) data of this subject. */
  systems: ReadonlySet<string>;
  /** Categories each recipient received. */
  received: ReadonlyMap<string, ReadonlySet<string>>;
  openErasureRequests: ReadonlySet<string>;
  erasure?: ErasureProgress;
  shredded: KeyGroup[];
}

const initialState = (): SubjectState => ({
  exists: false,
  systems: new Set(),
  received: new Map(),
  openErasureRequests: new Set(),
  shredded: [],
});

/**
 * `set` with `items` added, up to `limit` members: the same set when nothing is new, so a fact
 * that adds nothing copies nothing.
 */
function withItems<T>(set: ReadonlySet<T>, items: readonly T[], limit: FoldLimit): ReadonlySet<T> {
  if (items.every((item) => set.has(item))) return set;
  const next = new Set(set);
  for (const item of items) if (next.size < FOLD_LIMITS[limit]) next.add(item);
  return next;
}

/** Recipients that received erased categories but have not been told (Art. 19). */
export function recipientsAwaitingErasureNotice(state: SubjectState): string[] {
  const erasure = state.erasure;
  if (!erasure) return [];
  return [...state.received]
    .filter(([recipientId, categories]) => !erasure.notified.has(recipientId) && [...categories].some((c) => erasure.erasedCategories.has(c)))
    .map(([recipientId]) => recipientId)
    .sort();
}

/** Systems that hold data but have not reported the erasure. */
export function systemsAwaitingErasure(state: SubjectState): string[] {
  const erasure = state.erasure;
  if (!erasure) return [];
  return [...state.systems].filter((s) => !erasure.erasedBy.has(s)).sort();
}

/** Retention entries with new ones added: once each (by content), at most FOLD_LIMITS.erasuresPerSubject. */
function withRetained(retained: readonly Retained[], added: readonly Retained[]): readonly Retained[] {
  if (added.length === 0) return retained;
  const key = (r: Retained) => JSON.stringify([r.categories, r.until]);
  const known = new Set(retained.map(key));
  const fresh = added.filter((r) => !known.has(key(r)) && known.add(key(r)));
  return fresh.length ? [...retained, ...fresh].slice(0, FOLD_LIMITS.erasuresPerSubject) : retained;
}

/** Key groups that must survive an erasure, with the latest `until` of each. */
export function retainedGroups(retained: readonly Retained[]): Map<KeyGroup, string> {
  const groups = new Map<KeyGroup, string>();
  for (const r of retained) {
    for (const category of r.categories) {
      const group = keyGroupOfCategory(category);
      const known = groups.get(group);
      if (!known || Date.parse(r.until) > Date.parse(known)) groups.set(group, r.until);
    }
  }
  return groups;
}

/** The key groups whose destruction is due at `at`, one proof per reason (erasure first). */
export function keysDue(state: SubjectState, at: string): SubjectDataShredded[] {
  const erasure = state.erasure;
  if (!erasure || erasure.erasedBy.size === 0) return [];
  if (systemsAwaitingErasure(state).length > 0 || recipientsAwaitingErasureNotice(state).length > 0) return [];
  const kept = retainedGroups(erasure.retained);
  const now = Date.parse(at);
  const erasureGroups = KEY_GROUPS.filter((g) => !kept.has(g) && !state.shredded.includes(g));
  const expiredGroups = KEY_GROUPS.filter((g) => kept.has(g) && !state.shredded.includes(g) && Date.parse(kept.get(g)!) <= now);
  const categoriesOf = (groups: KeyGroup[]) =>
    [...new Set([...erasure.erasedCategories, ...erasure.retained.flatMap((r) => r.categories)])]
      .filter((c) => groups.includes(keyGroupOfCategory(c)))
      .sort();
  const proof = (keyGroups: KeyGroup[], reason: SubjectDataShredded['reason']): SubjectDataShredded => {
    const categories = categoriesOf(keyGroups);
    return {
      keyGroups,
      reason,
      ...(categories.length ? { categories } : {}),
      ...(erasure.requestId ? { requestId: erasure.requestId } : {}),
    };
  };
  const due: SubjectDataShredded[] = [];
  if (erasureGroups.length) due.push(proof(erasureGroups, 'erasure'));
  if (expiredGroups.length) due.push(proof(expiredGroups, 'retention-expired'));
  return due;
}

/** The earliest moment a retained group of this subject falls due for shredding, if any. */
export function nextRetentionExpiry(state: SubjectState): string | undefined {
  const kept = state.erasure ? retainedGroups(state.erasure.retained) : new Map<KeyGroup, string>();
  return [...kept].filter(([g]) => !state.shredded.includes(g)).map(([, until]) => until).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

const startErasure = (at: string, requestId?: string): ErasureProgress => ({
  requestId,
  startedAt: at,
  erasedBy: new Set(),
  erasedCategories: new Set(),
  retained: [],
  notified: new Set(),
});

export const subjectDecider: Decider<SubjectCommand, NewFact, SubjectState> = {
  initialState,

  decide(command, state) {
    switch (command.type) {
      case 'RecordFact':
        return [command.fact];
      case 'RequestErasure': {
        if (!state.exists) throw new CommandRefused('no facts are recorded for this subject', 'not-found');
        if (state.openErasureRequests.has(command.requestId)) return [];
        const data: SubjectRequestReceived = { requestId: command.requestId, right: 'erasure', channel: command.channel };
        return [{ id: command.eventId, type: 'SubjectRequestReceived', occurredAt: command.at, data }];
      }
      case 'ShredDueKeys': {
        // One proof per command; the caller repeats while keys are due (erasure, then expired retention).
        const [data] = keysDue(state, command.at);
        return data ? [{ id: command.eventId, type: 'SubjectDataShredded', occurredAt: command.at, data }] : [];
      }
    }
  },

  evolve(state, event) {
    const next: SubjectState = { ...state, exists: true };
    switch (event.type) {
      case 'PersonalDataCollected': {
        const data = event.data as PersonalDataCollected;
        next.systems = withItems(state.systems, [data.system], 'systemsPerSubject');
        return next;
      }
      case 'PersonalDataSharedWithProcessor': {
        const data = event.data as PersonalDataSharedWithProcessor;
        const before = state.received.get(data.recipientId);
        if (!before && state.received.size >= FOLD_LIMITS.recipientsPerSubject) return next;
        const after = withItems(before ?? new Set<string>(), data.categories, 'categoriesPerSubject');
        if (after !== before) next.received = new Map(state.received).set(data.recipientId, after);
        return next;
      }
      case 'SubjectRequestReceived': {
        const data = event.data as SubjectRequestReceived;
        if (data.right !== 'erasure') return next;
        next.openErasureRequests = withItems(state.openErasureRequests, [data.requestId], 'requestsPerSubject');
        next.erasure = state.erasure ?? startErasure(event.occurredAt, data.requestId);
        return next;
      }
      case 'PersonalDataErased': {
        const data = event.data as PersonalDataErased;
        const erasure = state.erasure ?? startErasure(event.occurredAt, data.requestId);
        next.erasure = {
          ...erasure,
          requestId: erasure.requestId ?? data.requestId,
          erasedBy: withItems(erasure.erasedBy, [data.system], 'systemsPerSubject'),
          erasedCategories: withItems(erasure.erasedCategories, data.categories, 'categoriesPerSubject'),
          retained: withRetained(erasure.retained, data.retained ?? []),
        };
        if (data.requestId && state.openErasureRequests.has(data.requestId)) {
          const open = new Set(state.openErasureRequests);
          open.delete(data.requestId);
          next.openErasureRequests = open;
        }
        return next;
      }
      case 'RecipientNotifiedOfErasure': {
        const data = event.data as RecipientNotifiedOfErasure;
        if (state.erasure) next.erasure = { ...state.erasure, notified: withItems(state.erasure.notified, [data.recipientId], 'recipientsPerSubject') };
        return next;
      }
      case 'SubjectDataShredded': {
        const data = event.data as SubjectDataShredded;
        next.shredded = [...new Set([...state.shredded, ...data.keyGroups])];
        return next;
      }
      default:
        return next;
    }
  },
};
