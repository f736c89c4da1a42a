import { addMonthsToDate, endOfLocalDay, localDate } from '../time/local-time';
import { HolidayCalendar, rollToWorkingDay } from './holiday-calendar';

/**
 * How the ledger counts periods the law sets in days, months or years (Reg. 1182/71 Art. 3):
 * in the controller's time zone (controller profile `timeZone`), the day of the event not
 * counted, ending at the end of the matching day of the last month, rolled to the next working
 * day of the controller's member state.
 */
export interface DeadlineCalendar {
  timeZone: string;
  holidays: ReadonlySet<string>;
}

/** Without a controller profile: UTC, weekends only. */
export const UTC_CALENDAR: DeadlineCalendar = { timeZone: 'UTC', holidays: new Set() };

export const deadlineCalendar = (timeZone: string, holidays?: HolidayCalendar): DeadlineCalendar => ({
  timeZone,
  holidays: new Set(holidays?.holidays ?? []),
});

/**
 * The end of a period of `months` months that runs from `from` (Art. 3(1), 3(2)(c), 3(4)): the
 * last millisecond of the same-numbered local day (or the month's last day), or of the next
 * working day when that is a weekend day or a public holiday.
 */
export function monthsPeriodEnd(from: string, months: number, calendar: DeadlineCalendar): string {
  const last = addMonthsToDate(localDate(from, calendar.timeZone), months);
  return endOfLocalDay(rollToWorkingDay(last, calendar.holidays), calendar.timeZone);
}

/** The end of the local day of an instant or date (`YYYY-MM-DD` is a local day). */
export const endOfDayOf = (dateOrInstant: string, calendar: DeadlineCalendar): string =>
  endOfLocalDay(/^\d{4}-\d{2}-\d{2}$/.test(dateOrInstant) ? dateOrInstant : localDate(dateOrInstant, calendar.timeZone), calendar.timeZone);
