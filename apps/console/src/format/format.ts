import type { Language } from '../prefs/preferences';

/** Dates, times and numbers per the console's language (Intl), in the chosen time zone. */
export interface Format {
  dateTime(iso: string | undefined): string;
  date(iso: string | undefined): string;
  number(value: number | undefined): string;
  /** A whole number of hours: "20 h" / "20 u". */
  hours(value: number): string;
  list(items: readonly string[]): string;
  locale: string;
  timeZone: string;
}

const LOCALES: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL' };

export function makeFormat(language: Language, timeZone: string): Format {
  const locale = LOCALES[language];
  // dateStyle/timeStyle cannot be combined with timeZoneName: the zone is named, so components are spelled out.
  const dateTime = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const number = new Intl.NumberFormat(locale);
  const hours = new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'narrow', maximumFractionDigits: 0 });
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const valid = (iso: string | undefined) => (iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso) : undefined);
  return {
    dateTime: (iso) => {
      const d = valid(iso);
      return d ? dateTime.format(d) : '—';
    },
    date: (iso) => {
      const d = valid(iso);
      return d ? date.format(d) : '—';
    },
    number: (value) => (value === undefined ? '—' : number.format(value)),
    hours: (value) => hours.format(value),
    list: (items) => list.format(items),
    locale,
    timeZone,
  };
}
