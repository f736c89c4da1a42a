import { addCalendarMonths, addHours } from '../time/calendar';

/** Art. 12(3): one calendar month from receipt. */
export const requestDueAt = (receivedAt: string): string => addCalendarMonths(new Date(receivedAt), 1).toISOString();

/** Art. 12(3): an extension may add at most two further months. */
export const latestExtensionAt = (receivedAt: string): string => addCalendarMonths(new Date(receivedAt), 3).toISOString();

/**
 * Art. 12(3): when a request is due, with its extension: the extended date when it is later
 * than the month, but never beyond three months from receipt.
 */
export function requestDueAtExtended(receivedAt: string, extendedUntil: string | undefined): string {
  const due = requestDueAt(receivedAt);
  if (!extendedUntil || !isAfterInstant(extendedUntil, due)) return due;
  const latest = latestExtensionAt(receivedAt);
  return Date.parse(extendedUntil) <= Date.parse(latest) ? extendedUntil : latest;
}

/** Art. 33(1): 72 hours from awareness. */
export const breachNotificationDueAt = (awareAt: string): string => addHours(new Date(awareAt), 72).toISOString();

/**
 * Art. 19 sets no period; the ledger expects recipients to be told within the month the
 * controller has to answer the request (Art. 12(3)).
 */
export const erasureNoticeDueAt = (erasedAt: string): string => addCalendarMonths(new Date(erasedAt), 1).toISOString();

/** Art. 34 says "without undue delay"; the ledger measures it against the 72 hours of Art. 33. */
export const subjectNoticeDueAt = (awareAt: string): string => breachNotificationDueAt(awareAt);

export const hoursBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 3_600_000;

export const later = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : Date.parse(a) >= Date.parse(b) ? a : b;

export const isAfterInstant = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);
