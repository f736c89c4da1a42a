import { useTranslation } from 'react-i18next';
import type { Breach } from '../api/types';
import { useFormat } from '../prefs/PreferencesProvider';

/** Where a breach stands on its 72-hour clock (Art. 33(1)), as the ledger computed it at its clock. */
export function BreachClock({ breach }: { breach: Breach }) {
  const { t } = useTranslation();
  const format = useFormat();
  const n = breach.authorityNotification;
  if (n.notifiedAt) {
    return (
      <span className={n.inTime === false ? 'clock clock-late' : 'clock clock-done'}>
        {t(n.inTime === false ? 'clock.notifiedLate' : 'clock.notifiedInTime', {
          at: format.dateTime(n.notifiedAt),
          hours: format.hours(n.hoursAfterAwareness ?? 0),
        })}
      </span>
    );
  }
  if (!n.required) return <span className="clock clock-done">{t('clock.notRequired')}</span>;
  if (n.hoursLeft === undefined || !n.dueAt) return <span className="clock">{t('clock.unknown')}</span>;
  return n.hoursLeft >= 0 ? (
    <span className={n.hoursLeft <= 24 ? 'clock clock-urgent' : 'clock clock-running'} data-testid={`clock-${breach.breachId}`}>
      {t('clock.dueIn', { hours: format.hours(n.hoursLeft), at: format.dateTime(n.dueAt) })}
    </span>
  ) : (
    <span className="clock clock-late" data-testid={`clock-${breach.breachId}`}>
      {t('clock.overdueBy', { hours: format.hours(-n.hoursLeft), at: format.dateTime(n.dueAt) })}
    </span>
  );
}
