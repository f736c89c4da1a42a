/**
 * Strict ISO 8601 instants as the ledger accepts them: a full date and time with an explicit
 * offset (`Z` or `±hh:mm`). Impossible calendar dates (2025-02-30) are refused, because
 * `Date` would silently roll them over.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidInstant(value: string): boolean {
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , oh, om] = m;
  if (!isCalendarDate(+y, +mo, +d)) return false;
  if (+h > 23 || +mi > 59 || (s !== undefined && +s > 59)) return false;
  if (oh !== undefined && (+oh > 23 || +om > 59)) return false;
  return true;
}

/** A calendar date `YYYY-MM-DD` (retention "until" dates), or an instant. */
export function isValidDateOrInstant(value: string): boolean {
  const m = DATE_ONLY.exec(value);
  if (m) return isCalendarDate(+m[1], +m[2], +m[3]);
  return isValidInstant(value);
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Normalises a valid instant or date to a canonical UTC ISO string (milliseconds precision). */
export function toUtcIso(value: string): string {
  return new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value).toISOString();
}
