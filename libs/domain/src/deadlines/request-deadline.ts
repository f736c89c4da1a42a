import { isAfterInstant } from '../time/instant-order';
import { DeadlineCalendar, UTC_CALENDAR, endOfDayOf, monthsPeriodEnd } from './deadline-calendar';

/**
 * Art. 12(3): a data-subject request is answered "within one month of receipt", which may be
 * extended by two further months; the controller tells the subject of the extension, with the
 * reasons, within the first month. Counted as Reg. 1182/71 counts (deadline-calendar.ts): a
 * request received on 30 September is in time until the end of 30 October, local time, or of
 * the next working day. An extension recorded after the first month does not move the deadline (and is a finding of its own); three months in all is the cap.
 */
export const REQUEST_ANSWER_MONTHS = 1;
export const REQUEST_EXTENSION_MONTHS = 2;

/** An extension as the subject's profile keeps it. */
export interface RequestExtension {
  /** The date or instant the deadline is extended to. */
  until: string;
  /** When it was made (and the subject told): its business time. Its reasons are required by the catalog (and sealed). */
  at: string;
}

export type ExtensionVerdict = 'counts' | 'after-first-month';

/** The deadline without an extension. */
export const requestDueAt = (receivedAt: string, calendar: DeadlineCalendar = UTC_CALENDAR): string =>
  monthsPeriodEnd(receivedAt, REQUEST_ANSWER_MONTHS, calendar);

/** The furthest an extension can move the deadline: three months in all. */
export const latestExtensionAt = (receivedAt: string, calendar: DeadlineCalendar = UTC_CALENDAR): string =>
  monthsPeriodEnd(receivedAt, REQUEST_ANSWER_MONTHS + REQUEST_EXTENSION_MONTHS, calendar);

/** Whether an extension counts: made (and told) within the first month. */
export const extensionVerdict = (receivedAt: string, extension: RequestExtension, calendar: DeadlineCalendar = UTC_CALENDAR): ExtensionVerdict =>
  isAfterInstant(extension.at, requestDueAt(receivedAt, calendar)) ? 'after-first-month' : 'counts';

/** The extension that sets the deadline: the furthest of those that count, if any. */
export function effectiveExtension(
  receivedAt: string,
  extensions: readonly RequestExtension[],
  calendar: DeadlineCalendar = UTC_CALENDAR,
): { until: string; dueAt: string } | undefined {
  let best: { until: string; dueAt: string } | undefined;
  for (const e of extensions) {
    if (extensionVerdict(receivedAt, e, calendar) !== 'counts') continue;
    const dueAt = endOfDayOf(e.until, calendar);
    if (!best || isAfterInstant(dueAt, best.dueAt)) best = { until: e.until, dueAt };
  }
  return best;
}

/**
 * The deadline of a request: one month, or an extension that counts (to the end of its day,
 * capped at three months; an "extension" to an earlier date does not shorten it).
 */
export function requestDeadline(receivedAt: string, extensions: readonly RequestExtension[] = [], calendar: DeadlineCalendar = UTC_CALENDAR): string {
  const due = requestDueAt(receivedAt, calendar);
  const extension = effectiveExtension(receivedAt, extensions, calendar);
  if (!extension || !isAfterInstant(extension.dueAt, due)) return due;
  const cap = latestExtensionAt(receivedAt, calendar);
  return isAfterInstant(extension.dueAt, cap) ? cap : extension.dueAt;
}
