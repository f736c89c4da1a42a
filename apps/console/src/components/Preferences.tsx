import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../prefs/PreferencesProvider';
import { LANGUAGES, Language, TIME_ZONES, TimeZoneChoice } from '../prefs/preferences';

/** Language and time zone, switchable on every screen and on the sign-in screen. */
export function Preferences() {
  const { t } = useTranslation();
  const { language, setLanguage, timeZone, setTimeZone } = usePreferences();
  const languageId = useId();
  const zoneId = useId();
  return (
    <div className="preferences">
      <label htmlFor={languageId}>{t('prefs.language')}</label>
      <select id={languageId} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`prefs.languageName.${l}`)}
          </option>
        ))}
      </select>
      <label htmlFor={zoneId}>{t('prefs.timeZone')}</label>
      <select id={zoneId} value={timeZone} onChange={(e) => setTimeZone(e.target.value as TimeZoneChoice)}>
        {TIME_ZONES.map((z) => (
          <option key={z} value={z}>
            {t(`prefs.timeZoneName.${z === 'UTC' ? 'utc' : 'amsterdam'}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
