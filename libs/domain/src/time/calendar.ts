import { daysInMonth } from './instant';

/**
 * Adds calendar months the way Art. 12(3) deadlines are counted: same day of the month,
 * clamped to the month's last day (31 Jan + 1 month = 28/29 Feb; 31 Mar + 1 = 30 Apr).
 * The time of day is kept.
 */
export function addCalendarMonths(from: Date, months: number): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const day = Math.min(from.getUTCDate(), daysInMonth(targetYear, targetMonth + 1));
  return new Date(Date.UTC(targetYear, targetMonth, day, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
}

export const addHours = (from: Date, hours: number): Date => new Date(from.getTime() + hours * 3_600_000);

export const hoursBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 3_600_000;

/** Hours to one decimal, as registers and summaries show them. */
export const roundHours = (hours: number): number => Math.round(hours * 10) / 10;
