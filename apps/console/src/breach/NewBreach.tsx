import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Loading } from '../components/Loading';
import { ScreenTitle } from '../components/ScreenTitle';
import { BreachFactForm } from './BreachFactForm';
import { useLedgerNow } from './use-ledger-now';

/** Records a breach (BreachDetected): awareness starts its 72-hour clock. */
export default function NewBreach() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const now = useLedgerNow();
  return (
    <>
      <ScreenTitle title={t('breaches.record')}>{t('breaches.record')}</ScreenTitle>
      <p>{t('breaches.recordIntro')}</p>
      {now ? (
        <BreachFactForm
          type="BreachDetected"
          now={now}
          defaults={{ ongoing: false }}
          onRecorded={(id) => void navigate(`/breaches/${encodeURIComponent(id)}`)}
        />
      ) : (
        <Loading />
      )}
    </>
  );
}
