import { Injectable } from '@nestjs/common';
import { KEY_GROUPS, SubjectState, keysDue, recipientsAwaitingErasureNotice, retainedGroups, systemsAwaitingErasure } from '@ledger/domain';

export interface ErasureStatus {
  subjectId: string;
  state: 'none' | 'awaiting-systems' | 'awaiting-recipients' | 'shredded' | 'retained';
  requestId?: string;
  startedAt?: string;
  /** Systems that hold data and have not reported PersonalDataErased. */
  awaitingSystems: string[];
  /** Recipients that received erased data and have not been told (Art. 19). */
  awaitingRecipients: string[];
  shreddedGroups: string[];
  /** Groups kept under a legal obligation, and until when. */
  retainedGroups: { group: string; until: string }[];
}

/** Where a subject's erasure stands, for the DPO. */
@Injectable()
export class ErasureStatusView {
  of(subjectId: string, state: SubjectState, now: Date): ErasureStatus {
    const erasure = state.erasure;
    const awaitingSystems = systemsAwaitingErasure(state);
    const awaitingRecipients = recipientsAwaitingErasureNotice(state);
    const kept = erasure ? retainedGroups(erasure.retained) : new Map<string, string>();
    const retained = [...kept].filter(([g]) => !state.shredded.includes(g as never)).map(([group, until]) => ({ group, until }));
    const allShredded = KEY_GROUPS.every((g) => state.shredded.includes(g));
    const status: ErasureStatus['state'] = !erasure
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
    };
  }
}
