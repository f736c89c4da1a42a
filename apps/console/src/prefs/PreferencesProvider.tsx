import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { I18nProvider } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Format, makeFormat } from '../format/format';
import { Language, TimeZoneChoice, initialTimeZone, saveLanguage, saveTimeZone } from './preferences';

interface Preferences {
  language: Language;
  setLanguage(language: Language): void;
  timeZone: TimeZoneChoice;
  setTimeZone(zone: TimeZoneChoice): void;
  format: Format;
}

const PreferencesContext = createContext<Preferences | undefined>(undefined);

/** Language (i18next) and time zone, remembered in localStorage, and the formatting that follows from them. */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language = (i18n.resolvedLanguage === 'nl' ? 'nl' : 'en') as Language;
  const [timeZone, setZone] = useState<TimeZoneChoice>(initialTimeZone);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback(
    (next: Language) => {
      saveLanguage(next);
      void i18n.changeLanguage(next);
    },
    [i18n],
  );
  const setTimeZone = useCallback((zone: TimeZoneChoice) => {
    saveTimeZone(zone);
    setZone(zone);
  }, []);

  const value = useMemo(
    () => ({ language, setLanguage, timeZone, setTimeZone, format: makeFormat(language, timeZone) }),
    [language, setLanguage, timeZone, setTimeZone],
  );
  return (
    <PreferencesContext.Provider value={value}>
      <I18nProvider locale={value.format.locale}>{children}</I18nProvider>
    </PreferencesContext.Provider>
  );
}

export function usePreferences(): Preferences {
  const preferences = useContext(PreferencesContext);
  if (!preferences) throw new Error('usePreferences outside PreferencesProvider');
  return preferences;
}

export const useFormat = (): Format => usePreferences().format;
