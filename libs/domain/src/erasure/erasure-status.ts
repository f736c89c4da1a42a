import type { ErasureRequestGround } from '../catalog/vocabulary';
import { KEY_GROUPS } from '../personal/key-groups';
import { ErasureState, currentEpisode, keysDue, recipientsAwaitingErasureNotice, systemsAwaitingErasure } from './erasure.decider';
import { ERASURE_REQUEST_GROUND_TEXTS } from './erasure-grounds';
import { retainedGroups } from './retained-groups';

/** Keys were destroyed but the proof (SubjectDataShredded) could not be written: an operator must look. */
export interface ShreddingAlarm {
  subjectId: string;
  /** When the proof first failed. */
  since: string;
  /** When it last failed. */
  lastFailedAt: string;
  keyGroups: string[];
  reason: string;
}

export interface ErasureStatus {
  subjectId: string;
  /** `proof-missing`: keys were destroyed but SubjectDataShredded could not be written (see `alarm`). */
  state: 'none' | 'awaiting-systems' | 'awaiting-recipients' | 'shredded' | 'retained' | 'proof-missing';
  requestId?: string;
  startedAt?: string;
  /** The Art. 17(1) ground the request gave, with its article and condition. */
  ground?: { code: ErasureRequestGround; article: string; condition: string };
  /** The request's note (sealed): decrypted while the subject's identity key exists, "[erased]" after. Filled in by the caller. */
  note?: string;
  /** Systems that hold data and have not reported PersonalDataErased. */
  awaitingSystems: string[];
  /** Recipients that received erased data and have not been told (Art. 19). */
  awaitingRecipients: string[];
  shreddedGroups: string[];
  /** Groups kept under a legal obligation, and until when. */
  retainedGroups: { group: string; until: string }[];
  /** Present while keys are destroyed without their proof: since when, which groups, why the proof could not be written. */
  alarm?: { since: string; lastFailedAt: string; keyGroups: string[]; reason: string };
}

/** Where a subject's erasure stands, for the DPO. */
export function erasureStatus(subjectId: string, state: ErasureState, now: Date, alarm?: ShreddingAlarm): ErasureStatus {
  const episode = currentEpisode(state);
  const awaitingSystems = systemsAwaitingErasure(state);
  const awaitingRecipients = recipientsAwaitingErasureNotice(state);
  const retained = [...retainedGroups(state.retained)].filter(([g]) => !state.shredded.includes(g)).map(([group, until]) => ({ group, until }));
  const allShredded = KEY_GROUPS.every((g) => state.shredded.includes(g));
  const status: ErasureStatus['state'] = alarm
    ? 'proof-missing'
    : !episode
      ? 'none'
      : // Nothing left to shred: a later request has no systems to wait for.
        !episode.closedAt && !allShredded && (episode.erasedBy.size === 0 || awaitingSystems.length)
        ? 'awaiting-systems'
        : awaitingRecipients.length
          ? 'awaiting-recipients'
          : allShredded || (keysDue(state, now.toISOString()).length === 0 && retained.length === 0)
            ? 'shredded'
            : 'retained';
  const requestId = episode?.requestIds.values().next().value;
  return {
    subjectId,
    state: status,
    ...(requestId ? { requestId } : {}),
    ...(episode ? { startedAt: episode.startedAt } : {}),
    ...(episode?.ground ? { ground: { code: episode.ground, ...ERASURE_REQUEST_GROUND_TEXTS[episode.ground] } } : {}),
    awaitingSystems,
    awaitingRecipients,
    shreddedGroups: [...state.shredded],
    retainedGroups: retained,
    ...(alarm ? { alarm: { since: alarm.since, lastFailedAt: alarm.lastFailedAt, keyGroups: alarm.keyGroups, reason: alarm.reason } } : {}),
  };
}
