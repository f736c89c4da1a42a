import i18next from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { initialLanguage } from '../prefs/preferences';

/**
 * i18next with the console's two message catalogues (locales/en.json, locales/nl.json). Each
 * is its own chunk, loaded when its language is first used, so the first load carries one.
 */
export const i18n = i18next.createInstance();

export const i18nReady = i18n
  .use(initReactI18next)
  .use(resourcesToBackend((language: string) => import(`./locales/${language === 'nl' ? 'nl' : 'en'}.json`)))
  .init({
    lng: initialLanguage(),
    fallbackLng: false,
    supportedLngs: ['en', 'nl'],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    react: { useSuspense: false },
  });
