import { daysInMonth } from './instant';

/**
 * Calendar days in a time zone (IANA name, e.g. Europe/Amsterdam), through Intl: deadlines in
 * days and months are counted in the controller's local calendar, not in UTC.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
const formatFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
};

export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Local wall-clock fields of an instant. */
function localFields(ms: number, timeZone: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts = Object.fromEntries(
    formatFor(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return { y: +parts.year, m: +parts.month, d: +parts.day, h: +parts.hour, mi: +parts.minute, s: +parts.second };
}

/** The offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const f = localFields(ms, timeZone);
  return Date.UTC(f.y, f.m - 1, f.d, f.h, f.mi, f.s) - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The local calendar day (`YYYY-MM-DD`) of an instant. */
export function localDate(instant: string, timeZone: string): string {
  const f = localFields(Date.parse(instant), timeZone);
  return isoDate(f.y, f.m, f.d);
}

/** The first instant of a local day (its local midnight, or the first hour it has). */
export function startOfLocalDay(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let ms = wall - offsetAt(wall, timeZone);
  ms = wall - offsetAt(ms, timeZone);
  return new Date(ms).toISOString();
}

/** The last millisecond of a local day: "the expiry of the last hour of the day" (Reg. 1182/71 Art. 3(2)). */
export const endOfLocalDay = (date: string, timeZone: string): string => new Date(Date.parse(startOfLocalDay(addDays(date, 1), timeZone)) - 1).toISOString();

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The same day `months` later, or the last day of that month when it has no such day (Reg. 1182/71 Art. 3(2)(c)). */
export function addMonthsToDate(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = m - 1 + months;
  const year = y + Math.floor(index / 12);
  const month = (((index % 12) + 12) % 12) + 1;
  return isoDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

const isoDate = (y: number, m: number, d: number): string => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
