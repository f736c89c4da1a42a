import { addCalendarMonths } from '../time/calendar';
import { earlier, isAfterInstant } from '../time/instant-order';

/**
 * Art. 12(3): a data-subject request is answered within one calendar month of its receipt
 * (31 Jan → 28/29 Feb), which may be extended by two further months when the controller says
 * why. An extension beyond that cap counts only up to it.
 */
export const REQUEST_ANSWER_MONTHS = 1;
export const REQUEST_EXTENSION_MONTHS = 2;

/** The deadline without an extension. */
export const requestDueAt = (receivedAt: string): string => addCalendarMonths(new Date(receivedAt), REQUEST_ANSWER_MONTHS).toISOString();

/** The furthest an extension can move the deadline. */
export const latestExtensionAt = (receivedAt: string): string =>
  addCalendarMonths(new Date(receivedAt), REQUEST_ANSWER_MONTHS + REQUEST_EXTENSION_MONTHS).toISOString();

/** The deadline of a request: one month, or its extension (capped at three months; an "extension" to an earlier date does not shorten it). */
export function requestDeadline(receivedAt: string, extendedUntil?: string): string {
  const due = requestDueAt(receivedAt);
  return extendedUntil && isAfterInstant(extendedUntil, due) ? earlier(extendedUntil, latestExtensionAt(receivedAt))! : due;
}
