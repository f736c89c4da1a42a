import type {
  PersonalDataCollected,
  PersonalDataErased,
  PersonalDataSharedWithProcessor,
  RecipientNotifiedOfErasure,
  Retained,
  SubjectDataShredded,
  SubjectRequestReceived,
} from '../catalog/event-data';
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

export interface SubjectState {
  exists: boolean;
  /** Systems that hold (collected) data of this subject. */
  systems: ReadonlySet<string>;
  /** Categories each recipient received. */
  received: ReadonlyMap<string, ReadonlySet<string>>;
  openErasureRequests: ReadonlySet<string>;
  erasure?: ErasureProgress;
  shredded: ReadonlySet<KeyGroup>;
}

const initialState = (): SubjectState => ({
  exists: false,
  systems: new Set(),
  received: new Map(),
  openErasureRequests: new Set(),
  shredded: new Set(),
});

const withItem = <T>(set: ReadonlySet<T>, item: T): ReadonlySet<T> =>
  set.has(item) ? set : new Set([...set, item]);
const withItems = <T>(set: ReadonlySet<T>, items: Iterable<T>): ReadonlySet<T> => {
  const next = new Set(set);
  for (const item of items) next.add(item);
  return next.size === set.size ? set : next;
};

/** Recipients that received erased categories but have not been told (Art. 19). */
export function recipientsAwaitingErasureNotice(state: SubjectState): string[] {
  const erasure = state.erasure;
  if (!erasure) return [];
  const waiting: string[] = [];
  for (const [recipientId, categories] of state.received) {
    if (erasure.notified.has(recipientId)) continue;
    if ([...categories].some((c) => erasure.erasedCategories.has(c))) waiting.push(recipientId);
  }
  return waiting.sort();
}

/** Systems that hold data but have not reported the erasure. */
export function systemsAwaitingErasure(state: SubjectState): string[] {
  const erasure = state.erasure;
  if (!erasure) return [];
  return [...state.systems].filter((s) => !erasure.erasedBy.has(s)).sort();
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

function keysDue(state: SubjectState, at: string): SubjectDataShredded[] {
  const erasure = state.erasure;
  if (!erasure || erasure.erasedBy.size === 0) return [];
  if (systemsAwaitingErasure(state).length > 0 || recipientsAwaitingErasureNotice(state).length > 0) return [];
  const kept = retainedGroups(erasure.retained);
  const now = Date.parse(at);
  const erasureGroups = KEY_GROUPS.filter((g) => !kept.has(g) && !state.shredded.has(g));
  const expiredGroups = KEY_GROUPS.filter((g) => kept.has(g) && !state.shredded.has(g) && Date.parse(kept.get(g)!) <= now);
  const categoriesOf = (groups: KeyGroup[]) =>
    [...erasure.erasedCategories, ...erasure.retained.flatMap((r) => r.categories)]
      .filter((c, i, all) => groups.includes(keyGroupOfCategory(c)) && all.indexOf(c) === i)
      .sort();
  const due: SubjectDataShredded[] = [];
  const proof = (keyGroups: KeyGroup[], reason: SubjectDataShredded['reason']): SubjectDataShredded => {
    const categories = categoriesOf(keyGroups);
    return {
      keyGroups,
      reason,
      ...(categories.length ? { categories } : {}),
      ...(erasure.requestId ? { requestId: erasure.requestId } : {}),
    };
  };
  if (erasureGroups.length) due.push(proof(erasureGroups, 'erasure'));
  if (expiredGroups.length) due.push(proof(expiredGroups, 'retention-expired'));
  return due;
}

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
        next.systems = withItem(state.systems, data.system);
        return next;
      }
      case 'PersonalDataSharedWithProcessor': {
        const data = event.data as PersonalDataSharedWithProcessor;
        const received = new Map(state.received);
        received.set(data.recipientId, withItems(received.get(data.recipientId) ?? new Set<string>(), data.categories));
        next.received = received;
        return next;
      }
      case 'SubjectRequestReceived': {
        const data = event.data as SubjectRequestReceived;
        if (data.right !== 'erasure') return next;
        next.openErasureRequests = withItem(state.openErasureRequests, data.requestId);
        next.erasure = state.erasure ?? {
          requestId: data.requestId,
          startedAt: event.occurredAt,
          erasedBy: new Set(),
          erasedCategories: new Set(),
          retained: [],
          notified: new Set(),
        };
        return next;
      }
      case 'PersonalDataErased': {
        const data = event.data as PersonalDataErased;
        const erasure = state.erasure ?? {
          requestId: data.requestId,
          startedAt: event.occurredAt,
          erasedBy: new Set<string>(),
          erasedCategories: new Set<string>(),
          retained: [],
          notified: new Set<string>(),
        };
        next.erasure = {
          ...erasure,
          requestId: erasure.requestId ?? data.requestId,
          erasedBy: withItem(erasure.erasedBy, data.system),
          erasedCategories: withItems(erasure.erasedCategories, data.categories),
          retained: data.retained ? [...erasure.retained, ...data.retained] : erasure.retained,
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
        if (state.erasure) next.erasure = { ...state.erasure, notified: withItem(state.erasure.notified, data.recipientId) };
        return next;
      }
      case 'SubjectDataShredded': {
        const data = event.data as SubjectDataShredded;
        next.shredded = withItems(state.shredded, data.keyGroups);
        return next;
      }
      default:
        return next;
    }
  },
};
