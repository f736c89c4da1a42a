/**
 * The DPO's display preferences: language and time zone. Not secret, so they may outlive the
 * session in localStorage (unlike the API key, which never goes there).
 */
export type Language = 'en' | 'nl';
export type TimeZoneChoice = 'Europe/Amsterdam' | 'UTC';

export const LANGUAGES: readonly Language[] = ['en', 'nl'];
/** The controller's time zone comes first: HostingHuis works in Europe/Amsterdam. */
export const TIME_ZONES: readonly TimeZoneChoice[] = ['Europe/Amsterdam', 'UTC'];

const LANGUAGE_KEY = 'privacy-ledger.language';
const TIME_ZONE_KEY = 'privacy-ledger.timeZone';

export function initialLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  if (saved === 'en' || saved === 'nl') return saved;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('nl')) ? 'nl' : 'en';
}

export const saveLanguage = (language: Language) => localStorage.setItem(LANGUAGE_KEY, language);

export function initialTimeZone(): TimeZoneChoice {
  return localStorage.getItem(TIME_ZONE_KEY) === 'UTC' ? 'UTC' : 'Europe/Amsterdam';
}

export const saveTimeZone = (zone: TimeZoneChoice) => localStorage.setItem(TIME_ZONE_KEY, zone);
