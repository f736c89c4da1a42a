import type { LedgerEvent } from '../catalog/event-data';
import type { CommunicatedChange } from '../catalog/vocabulary';
import { erasureNoticeDueAt } from '../deadlines/erasure-notice-deadline';
import { FOLD_LIMITS, OverLimit, countOverLimit } from '../limits/fold-limits';
import { isAfterInstant, isBeforeInstant } from '../time/instant-order';
import { ReceivedCategories, affectedCategories } from './erasure-notices';

/**
 * Art. 19 for rectification (Art. 16) and restriction (Art. 18(1)): each recipient that received
 * a category a rectification or restriction concerns (by prefix, as for erasure:
 * erasure-notices.ts) must be told of it, unless that proves impossible or involves
 * disproportionate effort (RecipientNotificationExempted). A notice (RecipientNotifiedOfChange)
 * of the same kind counts for the change that names the same request, or, without a request,
 * for every change of that kind before it. Due, as for erasures, within the month the
 * controller has to answer (an internal target: Art. 19 names no period).
 */
export type PassedOnChange = Exclude<CommunicatedChange, 'erasure'>;

export interface ChangeRecord {
  kind: PassedOnChange;
  at: string;
  categories: string[];
  system: string;
  requestId?: string;
  eventId: string;
}

export interface ChangeNoticeRecord {
  kind: PassedOnChange;
  recipientId: string;
  at: string;
  requestId?: string;
  exempted?: true;
}

export interface ChangeNotices {
  changes: ChangeRecord[];
  notices: ChangeNoticeRecord[];
}

export const noChangeNotices = (): ChangeNotices => ({ changes: [], notices: [] });

/** Folds the facts of this rule; others leave it as it was. Bounded by FOLD_LIMITS.changesPerSubject. */
export function evolveChangeNotices(state: ChangeNotices, event: LedgerEvent, over: OverLimit): ChangeNotices {
  const keep = <T>(list: T[], item: T) => {
    if (list.length >= FOLD_LIMITS.changesPerSubject) countOverLimit(over, 'changesPerSubject');
    else list.push(item);
  };
  switch (event.type) {
    case 'PersonalDataRectified':
    case 'ProcessingRestricted': {
      const d = event.data;
      const kind: PassedOnChange = event.type === 'PersonalDataRectified' ? 'rectification' : 'restriction';
      keep(state.changes, {
        kind,
        at: event.occurredAt,
        categories: d.categories,
        system: d.system,
        eventId: event.id,
        ...(d.requestId ? { requestId: d.requestId } : {}),
      });
      return state;
    }
    case 'RecipientNotifiedOfChange': {
      const d = event.data;
      keep(state.notices, { kind: d.change, recipientId: d.recipientId, at: event.occurredAt, ...(d.requestId ? { requestId: d.requestId } : {}) });
      return state;
    }
    case 'RecipientNotificationExempted': {
      const d = event.data;
      if (d.change === 'erasure') return state;
      keep(state.notices, {
        kind: d.change,
        recipientId: d.recipientId,
        at: event.occurredAt,
        exempted: true,
        ...(d.requestId ? { requestId: d.requestId } : {}),
      });
      return state;
    }
    default:
      return state;
  }
}

/** One recipient one change must reach. */
export interface ChangeNoticeOwed {
  change: ChangeRecord;
  recipientId: string;
  categories: string[];
  dueAt: string;
  toldAt?: string;
  exempted?: true;
}

const countsFor = (n: ChangeNoticeRecord, c: ChangeRecord): boolean =>
  n.kind === c.kind && (n.requestId !== undefined ? n.requestId === c.requestId : !isBeforeInstant(n.at, c.at));

/** Per change, the recipients it concerns and whether (and when) they were told. */
export function changeNoticesOwed(state: ChangeNotices, received: ReceivedCategories): ChangeNoticeOwed[] {
  const owed: ChangeNoticeOwed[] = [];
  const recipients = [...received];
  for (const change of state.changes) {
    const changed = new Map(change.categories.map((c) => [c, { at: change.at }]));
    for (const [recipientId, categories] of recipients) {
      const affected = affectedCategories(categories, changed);
      if (affected.size === 0) continue;
      let told: ChangeNoticeRecord | undefined;
      for (const n of state.notices) {
        if (n.recipientId === recipientId && countsFor(n, change) && (!told || isAfterInstant(told.at, n.at))) told = n;
      }
      owed.push({
        change,
        recipientId,
        categories: [...affected.keys()].sort(),
        dueAt: erasureNoticeDueAt(change.at),
        ...(told ? { toldAt: told.at } : {}),
        ...(told?.exempted ? { exempted: true as const } : {}),
      });
    }
  }
  return owed;
}
