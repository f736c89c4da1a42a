import type { SubjectRight } from '../catalog/vocabulary';
import { effectiveExtension, requestDeadline } from '../deadlines/request-deadline';
import { DeadlineCalendar, UTC_CALENDAR } from '../deadlines/deadline-calendar';
import { isAfterInstant } from '../time/instant-order';
import { toUtcIso } from '../time/instant';
import type { RequestRecord } from './subject-profile';

export const REQUEST_STATUSES = ['open', 'overdue', 'answered', 'answered-late', 'rejected'] as const;
/** Where a subject request stands at the ledger clock (Art. 12(3)). */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** How a request ended, whatever the clock; undefined while it is unanswered. */
export type RequestOutcome = Extract<RequestStatus, 'answered' | 'answered-late' | 'rejected'>;

/**
 * What the DSR register keeps of a request: the clock-independent part, from the subject
 * profile's request fold and the Art. 12(3) deadline. Instants in one UTC format, so that the
 * register's table orders and filters them as text.
 */
export interface RequestRegisterRow {
  right: SubjectRight;
  receivedAt: string;
  /** After any extension (at most three months from receipt). */
  dueAt: string;
  extendedUntil?: string;
  answeredAt?: string;
  /** The type of the fact that answered it. */
  answeredBy?: string;
  outcome?: RequestOutcome;
}

export function requestRegisterRow(r: RequestRecord, calendar: DeadlineCalendar = UTC_CALENDAR): RequestRegisterRow {
  const dueAt = toUtcIso(requestDeadline(r.receivedAt, r.extensions, calendar));
  // The extension shown is the one that counts (made within the first month, with reasons).
  const extendedUntil = effectiveExtension(r.receivedAt, r.extensions ?? [], calendar)?.until;
  return {
    right: r.right,
    receivedAt: toUtcIso(r.receivedAt),
    dueAt,
    ...(extendedUntil ? { extendedUntil: toUtcIso(extendedUntil) } : {}),
    ...(r.answeredAt !== undefined
      ? {
          answeredAt: toUtcIso(r.answeredAt),
          ...(r.answeredBy ? { answeredBy: r.answeredBy } : {}),
          outcome: r.answeredBy === 'SubjectRequestRejected' ? 'rejected' : isAfterInstant(r.answeredAt, dueAt) ? 'answered-late' : 'answered',
        }
      : {}),
  };
}

/** Answered requests keep their outcome; an unanswered one is overdue once its due date has passed at `now`. */
export const requestStatusAt = (row: Pick<RequestRegisterRow, 'outcome' | 'dueAt'>, now: Date): RequestStatus =>
  row.outcome ?? (Date.parse(row.dueAt) < now.getTime() ? 'overdue' : 'open');
