import type { NewFact, Retained, SubjectDataShredded, SubjectEventType } from '../catalog/event-data';
import type { ErasureRequestGround } from '../catalog/vocabulary';
import { CommandRefused, Decider } from '../deciders/decider';
import { FOLD_LIMITS, withBounded } from '../limits/fold-limits';
import { KEY_GROUPS, KeyGroup, keyGroupOfCategory } from '../personal/key-groups';
import {
  ErasureEpisode,
  ErasureNotices,
  evolveErasureNotices,
  episodeOfRequest,
  noErasureNotices,
  openEpisode,
  recipientsAwaitingNotice,
} from './erasure-notices';
import { retainedGroups, retentionEndsAt, withRetained } from './retained-groups';

/** The DPO (or the retention policy) asks for a subject's data to be erased. */
export interface RequestErasure {
  type: 'RequestErasure';
  eventId: string;
  requestId: string;
  at: string;
  channel: string;
  /** Art. 17(1) ground. */
  ground?: ErasureRequestGround;
  /** Free text; the caller seals it (catalog: sealedText of SubjectRequestReceived). */
  note?: string;
}

/** Destroy the keys that are due: after a completed erasure, or when a retained group's time is up. */
export interface ShredDueKeys {
  type: 'ShredDueKeys';
  eventId: string;
  at: string;
}

export type ErasureCommand = RequestErasure | ShredDueKeys;

/** What the erasure workflow decides from, and what it decides: a subject stream's facts. */
export type SubjectFact = NewFact<SubjectEventType>;

/**
 * The state of a subject stream the erasure workflow decides from; kept between decisions as
 * stored JSON (stored-json.ts). Labels are members of Sets and keys of Maps, never keys of
 * plain objects, and every collection is bounded (FOLD_LIMITS).
 */
export interface ErasureState {
  exists: boolean;
  /** Systems that hold (collected) data of this subject. */
  systems: ReadonlySet<string>;
  /** Categories each recipient received. */
  received: ReadonlyMap<string, ReadonlySet<string>>;
  /** The erasure episodes and the notices that count for them (Art. 19). */
  notices: ErasureNotices;
  /** What erasures must keep under a legal obligation, and until when. */
  retained: readonly Retained[];
  shredded: KeyGroup[];
}

const initialState = (): ErasureState => ({
  exists: false,
  systems: new Set(),
  received: new Map(),
  notices: noErasureNotices(),
  retained: [],
  shredded: [],
});

/** Whether an erasure was ever requested or reported for the subject. */
export const hasErasure = (state: ErasureState): boolean => state.notices.episodes.length > 0;

/** The latest erasure episode: under way, or the last one that ended. */
export const currentEpisode = (state: ErasureState): ErasureEpisode | undefined => state.notices.episodes.at(-1);

/** Recipients that received erased categories of the erasure under way and have not been told (Art. 19). */
export const recipientsAwaitingErasureNotice = (state: ErasureState): string[] =>
  recipientsAwaitingNotice(state.notices, state.received).map((n) => n.recipientId);

/** Systems that hold data but have not reported the erasure under way. */
export function systemsAwaitingErasure(state: ErasureState): string[] {
  const episode = openEpisode(state.notices);
  return episode ? [...state.systems].filter((s) => !episode.erasedBy.has(s)).sort() : [];
}

/** Whether the erasure under way has done all it waits for: a system reported it, every system that holds data did, every recipient was told. */
const erasureComplete = (state: ErasureState, episode: ErasureEpisode): boolean =>
  episode.erasedBy.size > 0 && systemsAwaitingErasure(state).length === 0 && recipientsAwaitingErasureNotice(state).length === 0;

/** The key groups whose destruction is due at `at`, one proof per reason (erasure first). */
export function keysDue(state: ErasureState, at: string): SubjectDataShredded[] {
  const episode = openEpisode(state.notices);
  const kept = retainedGroups(state.retained);
  const now = Date.parse(at);
  const erasureGroups = episode && erasureComplete(state, episode) ? KEY_GROUPS.filter((g) => !kept.has(g) && !state.shredded.includes(g)) : [];
  const expiredGroups = KEY_GROUPS.filter((g) => kept.has(g) && !state.shredded.includes(g) && Date.parse(retentionEndsAt(kept.get(g)!)) <= now);
  const requestId = (episode ?? currentEpisode(state))?.requestIds.values().next().value;
  const erasedCategories = state.notices.episodes.flatMap((e) => [...e.erased.keys()]);
  const categoriesOf = (groups: KeyGroup[]) =>
    [...new Set([...erasedCategories, ...state.retained.flatMap((r) => r.categories)])].filter((c) => groups.includes(keyGroupOfCategory(c))).sort();
  const proof = (keyGroups: KeyGroup[], reason: SubjectDataShredded['reason']): SubjectDataShredded => {
    const categories = categoriesOf(keyGroups);
    return { keyGroups, reason, ...(categories.length ? { categories } : {}), ...(requestId ? { requestId } : {}) };
  };
  const due: SubjectDataShredded[] = [];
  if (erasureGroups.length) due.push(proof(erasureGroups, 'erasure'));
  if (expiredGroups.length) due.push(proof(expiredGroups, 'retention-expired'));
  return due;
}

/**
 * The erasure workflow as an Emmett decider: a request is recorded once; the keys are shredded
 * when the erasure is complete (every system reported it, every recipient was told: Art. 19,
 * erasure-notices.ts), and retained groups when their time is up. Facts themselves are not
 * decided on (principle 2): the ingestion appends them, and `evolve` folds them here.
 */
export const erasureDecider: Decider<ErasureCommand, SubjectFact, ErasureState> = {
  initialState,

  decide(command, state) {
    switch (command.type) {
      case 'RequestErasure': {
        if (!state.exists) throw new CommandRefused('no facts are recorded for this subject', 'not-found');
        if (episodeOfRequest(state.notices, command.requestId)) return [];
        const { requestId, channel, ground, note } = command;
        return [
          {
            id: command.eventId,
            type: 'SubjectRequestReceived',
            occurredAt: command.at,
            data: { requestId, right: 'erasure', channel, ...(ground ? { ground } : {}), ...(note ? { note } : {}) },
          },
        ];
      }
      case 'ShredDueKeys': {
        // One proof per command; the caller repeats while keys are due (erasure, then expired retention).
        const [data] = keysDue(state, command.at);
        return data ? [{ id: command.eventId, type: 'SubjectDataShredded', occurredAt: command.at, data }] : [];
      }
    }
  },

  evolve(state, event) {
    const next: ErasureState = { ...state, exists: true, notices: evolveErasureNotices(state.notices, event, () => state.received) };
    switch (event.type) {
      case 'PersonalDataCollected':
        next.systems = withBounded(state.systems, [event.data.system], 'systemsPerSubject');
        return next;
      case 'PersonalDataSharedWithProcessor': {
        const { recipientId, categories } = event.data;
        const before = state.received.get(recipientId);
        if (!before && state.received.size >= FOLD_LIMITS.recipientsPerSubject) return next;
        const after = withBounded(before ?? new Set<string>(), categories, 'categoriesPerSubject');
        if (after !== before) next.received = new Map(state.received).set(recipientId, after);
        return next;
      }
      case 'PersonalDataErased':
        next.retained = withRetained(state.retained, event.data.retained ?? []);
        return next;
      case 'SubjectDataShredded':
        next.shredded = [...new Set([...state.shredded, ...event.data.keyGroups])];
        return next;
      default:
        return next;
    }
  },
};
