import { addDays, weekday } from '../time/local-time';

/**
 * Reg. (EEC, Euratom) 1182/71 Art. 3(4): a period that would end on a public holiday, a Saturday
 * or a Sunday ends at the end of the next working day; public holidays are those of the member
 * state where the act is done (Art. 2(1)) — the controller's. The calendar is data the operator
 * can replace (LEDGER_HOLIDAYS: a JSON file `{ "country": "NL", "holidays": ["2027-01-01", …] }`).
 */
export interface HolidayCalendar {
  /** ISO 3166-1 alpha-2 of the member state. */
  country: string;
  /** Its public holidays, `YYYY-MM-DD`. */
  holidays: readonly string[];
}

/**
 * The Netherlands: the "algemeen erkende feestdagen" of the Algemene termijnenwet, Art. 3 —
 * New Year's Day, Easter Sunday and Monday, King's Day (27 April, the 26th when the 27th is a
 * Sunday), 5 May, Ascension Day, Whit Sunday and Monday, Christmas and Boxing Day. Good Friday
 * is not one. 2016–2040; extend the file for later years.
 */
export const NL_HOLIDAYS: HolidayCalendar = {
  country: 'NL',
  holidays: [
    '2016-01-01 2016-03-27 2016-03-28 2016-04-27 2016-05-05 2016-05-15 2016-05-16 2016-12-25 2016-12-26',
    '2017-01-01 2017-04-16 2017-04-17 2017-04-27 2017-05-05 2017-05-25 2017-06-04 2017-06-05 2017-12-25 2017-12-26',
    '2018-01-01 2018-04-01 2018-04-02 2018-04-27 2018-05-05 2018-05-10 2018-05-20 2018-05-21 2018-12-25 2018-12-26',
    '2019-01-01 2019-04-21 2019-04-22 2019-04-27 2019-05-05 2019-05-30 2019-06-09 2019-06-10 2019-12-25 2019-12-26',
    '2020-01-01 2020-04-12 2020-04-13 2020-04-27 2020-05-05 2020-05-21 2020-05-31 2020-06-01 2020-12-25 2020-12-26',
    '2021-01-01 2021-04-04 2021-04-05 2021-04-27 2021-05-05 2021-05-13 2021-05-23 2021-05-24 2021-12-25 2021-12-26',
    '2022-01-01 2022-04-17 2022-04-18 2022-04-27 2022-05-05 2022-05-26 2022-06-05 2022-06-06 2022-12-25 2022-12-26',
    '2023-01-01 2023-04-09 2023-04-10 2023-04-27 2023-05-05 2023-05-18 2023-05-28 2023-05-29 2023-12-25 2023-12-26',
    '2024-01-01 2024-03-31 2024-04-01 2024-04-27 2024-05-05 2024-05-09 2024-05-19 2024-05-20 2024-12-25 2024-12-26',
    '2025-01-01 2025-04-20 2025-04-21 2025-04-26 2025-05-05 2025-05-29 2025-06-08 2025-06-09 2025-12-25 2025-12-26',
    '2026-01-01 2026-04-05 2026-04-06 2026-04-27 2026-05-05 2026-05-14 2026-05-24 2026-05-25 2026-12-25 2026-12-26',
    '2027-01-01 2027-03-28 2027-03-29 2027-04-27 2027-05-05 2027-05-06 2027-05-16 2027-05-17 2027-12-25 2027-12-26',
    '2028-01-01 2028-04-16 2028-04-17 2028-04-27 2028-05-05 2028-05-25 2028-06-04 2028-06-05 2028-12-25 2028-12-26',
    '2029-01-01 2029-04-01 2029-04-02 2029-04-27 2029-05-05 2029-05-10 2029-05-20 2029-05-21 2029-12-25 2029-12-26',
    '2030-01-01 2030-04-21 2030-04-22 2030-04-27 2030-05-05 2030-05-30 2030-06-09 2030-06-10 2030-12-25 2030-12-26',
    '2031-01-01 2031-04-13 2031-04-14 2031-04-26 2031-05-05 2031-05-22 2031-06-01 2031-06-02 2031-12-25 2031-12-26',
    '2032-01-01 2032-03-28 2032-03-29 2032-04-27 2032-05-05 2032-05-06 2032-05-16 2032-05-17 2032-12-25 2032-12-26',
    '2033-01-01 2033-04-17 2033-04-18 2033-04-27 2033-05-05 2033-05-26 2033-06-05 2033-06-06 2033-12-25 2033-12-26',
    '2034-01-01 2034-04-09 2034-04-10 2034-04-27 2034-05-05 2034-05-18 2034-05-28 2034-05-29 2034-12-25 2034-12-26',
    '2035-01-01 2035-03-25 2035-03-26 2035-04-27 2035-05-03 2035-05-05 2035-05-13 2035-05-14 2035-12-25 2035-12-26',
    '2036-01-01 2036-04-13 2036-04-14 2036-04-26 2036-05-05 2036-05-22 2036-06-01 2036-06-02 2036-12-25 2036-12-26',
    '2037-01-01 2037-04-05 2037-04-06 2037-04-27 2037-05-05 2037-05-14 2037-05-24 2037-05-25 2037-12-25 2037-12-26',
    '2038-01-01 2038-04-25 2038-04-26 2038-04-27 2038-05-05 2038-06-03 2038-06-13 2038-06-14 2038-12-25 2038-12-26',
    '2039-01-01 2039-04-10 2039-04-11 2039-04-27 2039-05-05 2039-05-19 2039-05-29 2039-05-30 2039-12-25 2039-12-26',
    '2040-01-01 2040-04-01 2040-04-02 2040-04-27 2040-05-05 2040-05-10 2040-05-20 2040-05-21 2040-12-25 2040-12-26',
  ].flatMap((year) => year.split(' ')),
};

/** The calendars the ledger ships; an operator's file replaces them. */
export const BUILT_IN_HOLIDAYS: ReadonlyMap<string, HolidayCalendar> = new Map([[NL_HOLIDAYS.country, NL_HOLIDAYS]]);

export const isWorkingDay = (date: string, holidays: ReadonlySet<string>): boolean => {
  const day = weekday(date);
  return day !== 0 && day !== 6 && !holidays.has(date);
};

/** `date`, or the next working day when it is a Saturday, a Sunday or a public holiday. */
export function rollToWorkingDay(date: string, holidays: ReadonlySet<string>): string {
  let day = date;
  while (!isWorkingDay(day, holidays)) day = addDays(day, 1);
  return day;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Problems with an operator's holiday file, one line each; empty when it is usable. */
export function holidayCalendarProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['(calendar) must be an object { country, holidays }'];
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof v.country !== 'string' || !/^[A-Z]{2}$/.test(v.country)) problems.push('country must be an ISO 3166-1 alpha-2 code');
  if (!Array.isArray(v.holidays) || v.holidays.some((d) => typeof d !== 'string' || !DAY.test(d) || Number.isNaN(Date.parse(d)))) {
    problems.push('holidays must be an array of dates YYYY-MM-DD');
  }
  return problems;
}
