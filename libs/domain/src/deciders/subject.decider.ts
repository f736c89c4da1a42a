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
  erasedBy: string[];
  erasedCategories: string[];
  retained: Retained[];
  /** Recipients told of the erasure since it began (Art. 19). */
  notified: string[];
}

/** The state of a subject stream the erasure workflow decides from; plain JSON, so it can be kept between decisions. */
export interface SubjectState {
  exists: boolean;
  /** Systems that hold (collected) data of this subject. */
  systems: string[];
  /** Categories each recipient received. */
  received: Record<string, string[]>;
  openErasureRequests: string[];
  erasure?: ErasureProgress;
  shredded: KeyGroup[];
}

const initialState = (): SubjectState => ({
  exists: false,
  systems: [],
  received: {},
  openErasureRequests: [],
  shredded: [],
});

const withItems = <T>(list: readonly T[], ...items: T[]): T[] => [...list, ...items.filter((item, i) => !list.includes(item) && items.indexOf(item) === i)];

/** Recipients that received erased categories but have not been told (Art. 19). */
export function recipientsAwaitingErasureNotice(state: SubjectState): string[] {
  const erasure = state.erasure;
  if (!erasure) return [];
  return Object.entries(state.received)
    .filter(([recipientId, categories]) => !erasure.notified.includes(recipientId) && categories.some((c) => erasure.erasedCategories.includes(c)))
    .map(([recipientId]) => recipientId)
    .sort();
}

/** Systems that hold data but have not reported the erasure. */
export function systemsAwaitingErasure(state: SubjectState): string[] {
  const erasure = state.erasure;
  if (!erasure) return [];
  return state.systems.filter((s) => !erasure.erasedBy.includes(s)).sort();
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
  if (!erasure || erasure.erasedBy.length === 0) return [];
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
  erasedBy: [],
  erasedCategories: [],
  retained: [],
  notified: [],
});

export const subjectDecider: Decider<SubjectCommand, NewFact, SubjectState> = {
  initialState,

  decide(command, state) {
    switch (command.type) {
      case 'RecordFact':
        return [command.fact];
      case 'RequestErasure': {
        if (!state.exists) throw new CommandRefused('no facts are recorded for this subject', 'not-found');
        if (state.openErasureRequests.includes(command.requestId)) return [];
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
        next.systems = withItems(state.systems, data.system);
        return next;
      }
      case 'PersonalDataSharedWithProcessor': {
        const data = event.data as PersonalDataSharedWithProcessor;
        next.received = { ...state.received, [data.recipientId]: withItems(state.received[data.recipientId] ?? [], ...data.categories) };
        return next;
      }
      case 'SubjectRequestReceived': {
        const data = event.data as SubjectRequestReceived;
        if (data.right !== 'erasure') return next;
        next.openErasureRequests = withItems(state.openErasureRequests, data.requestId);
        next.erasure = state.erasure ?? startErasure(event.occurredAt, data.requestId);
        return next;
      }
      case 'PersonalDataErased': {
        const data = event.data as PersonalDataErased;
        const erasure = state.erasure ?? startErasure(event.occurredAt, data.requestId);
        next.erasure = {
          ...erasure,
          requestId: erasure.requestId ?? data.requestId,
          erasedBy: withItems(erasure.erasedBy, data.system),
          erasedCategories: withItems(erasure.erasedCategories, ...data.categories),
          retained: data.retained ? [...erasure.retained, ...data.retained] : erasure.retained,
        };
        if (data.requestId) next.openErasureRequests = state.openErasureRequests.filter((r) => r !== data.requestId);
        return next;
      }
      case 'RecipientNotifiedOfErasure': {
        const data = event.data as RecipientNotifiedOfErasure;
        if (state.erasure) next.erasure = { ...state.erasure, notified: withItems(state.erasure.notified, data.recipientId) };
        return next;
      }
      case 'SubjectDataShredded': {
        const data = event.data as SubjectDataShredded;
        next.shredded = withItems(state.shredded, ...data.keyGroups);
        return next;
      }
      default:
        return next;
    }
  },
};
