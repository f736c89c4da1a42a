import { useTranslation } from 'react-i18next';

/** A part of the console whose API route this ledger does not have yet. */
export function NotAvailable({ what }: { what: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-unavailable" role="status" data-testid="not-available">
      <p>
        <strong>{t('notAvailable.title')}</strong> {what}
      </p>
    </div>
  );
}
