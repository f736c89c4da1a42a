import { parseAbsolute, parseDate, parseDateTime, toCalendarDateTime, toZoned } from '@internationalized/date';

/**
 * Wall-clock times typed by the DPO (an <input type="datetime-local"> or "date" value) are
 * times in the zone the console shows (Europe/Amsterdam or UTC); the API wants instants.
 */

/** "2026-11-24T09:00" in Europe/Amsterdam → "2026-11-24T08:00:00.000Z"; undefined when empty or not a time. */
export function wallTimeToInstant(value: string, timeZone: string): string | undefined {
  if (!value) return undefined;
  try {
    return toZoned(parseDateTime(value), timeZone).toAbsoluteString();
  } catch {
    return undefined;
  }
}

/** "2026-11-24" → the instant that day starts in the zone. */
export function dayStartToInstant(value: string, timeZone: string): string | undefined {
  if (!value) return undefined;
  try {
    return toZoned(parseDate(value), timeZone).toAbsoluteString();
  } catch {
    return undefined;
  }
}

/** An instant as a datetime-local value in the zone: "2026-11-24T09:00". */
export function instantToWallTime(iso: string, timeZone: string): string {
  return toCalendarDateTime(parseAbsolute(new Date(iso).toISOString(), timeZone))
    .toString()
    .slice(0, 16);
}
