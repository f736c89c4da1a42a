import { Injectable } from '@nestjs/common';
import type { ShreddingAlarm } from '@ledger/projections';
import { KEY_GROUPS, SubjectState, keysDue, recipientsAwaitingErasureNotice, retainedGroups, systemsAwaitingErasure } from '@ledger/domain';

export interface ErasureStatus {
  subjectId: string;
  /** `proof-missing`: keys were destroyed but SubjectDataShredded could not be written (see `alarm`). */
  state: 'none' | 'awaiting-systems' | 'awaiting-recipients' | 'shredded' | 'retained' | 'proof-missing';
  requestId?: string;
  startedAt?: string;
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
@Injectable()
export class ErasureStatusView {
  of(subjectId: string, state: SubjectState, now: Date, alarm?: ShreddingAlarm): ErasureStatus {
    const erasure = state.erasure;
    const awaitingSystems = systemsAwaitingErasure(state);
    const awaitingRecipients = recipientsAwaitingErasureNotice(state);
    const kept = erasure ? retainedGroups(erasure.retained) : new Map<string, string>();
    const retained = [...kept].filter(([g]) => !state.shredded.includes(g as never)).map(([group, until]) => ({ group, until }));
    const allShredded = KEY_GROUPS.every((g) => state.shredded.includes(g));
    const status: ErasureStatus['state'] = alarm
      ? 'proof-missing'
      : !erasure
        ? 'none'
        : erasure.erasedBy.size === 0 || awaitingSystems.length
          ? 'awaiting-systems'
          : awaitingRecipients.length
            ? 'awaiting-recipients'
            : allShredded || keysDue(state, now.toISOString()).length === 0 && retained.length === 0
              ? 'shredded'
              : 'retained';
    return {
      subjectId,
      state: status,
      ...(erasure?.requestId ? { requestId: erasure.requestId } : {}),
      ...(erasure ? { startedAt: erasure.startedAt } : {}),
      awaitingSystems,
      awaitingRecipients,
      shreddedGroups: [...state.shredded],
      retainedGroups: retained,
      ...(alarm ? { alarm: { since: alarm.since, lastFailedAt: alarm.lastFailedAt, keyGroups: alarm.keyGroups, reason: alarm.reason } } : {}),
    };
  }
}
