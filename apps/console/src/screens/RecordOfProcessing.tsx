import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Activity, RecordRecipient } from '../api/types';
import { ExportButtons } from '../components/ExportButtons';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

/** The Art. 30(1) record: the declared activities, and the processing the ledger saw that none declares. */
export default function RecordOfProcessing() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const format = useFormat();
  const record = useQuery({ queryKey: ['record-of-processing'], queryFn: () => api.recordOfProcessing() });
  return (
    <>
      <ScreenTitle title={t('rop.title')}>{t('rop.title')}</ScreenTitle>
      <ExportButtons path="/v1/records-of-processing" formats={['pdf', 'csv']} fileStem="record-of-processing" />
      <QueryState query={record}>
        {(r) => (
          <>
            {r.controller && (
              <section aria-labelledby="rop-controller" className="section">
                <h2 id="rop-controller">{t('rop.controller')}</h2>
                <dl className="facts">
                  <dt>{t('summary.controller')}</dt>
                  <dd>{r.controller.name}</dd>
                  <dt>{t('summary.address')}</dt>
                  <dd>{r.controller.address ?? '—'}</dd>
                  <dt>{t('summary.dpo')}</dt>
                  <dd>{[r.controller.dpo?.name, r.controller.dpo?.email].filter(Boolean).join(', ') || '—'}</dd>
                  <dt>{t('summary.authority')}</dt>
                  <dd>{r.controller.supervisoryAuthority?.name ?? '—'}</dd>
                </dl>
                <p className="hint">{t('rop.generatedAt', { at: format.dateTime(r.generatedAt) })}</p>
              </section>
            )}
            <section aria-labelledby="rop-undeclared" className="section">
              <h2 id="rop-undeclared">{t('rop.undeclared')}</h2>
              {r.undeclaredProcessing.length === 0 ? (
                <p>{t('rop.noUndeclared')}</p>
              ) : (
                <ul className="plain-list" data-testid="undeclared">
                  {r.undeclaredProcessing.map((u) => (
                    <li key={u.purpose + u.systems.join()} className="notice notice-warning">
                      {t('rop.undeclaredLine', { purpose: u.purpose, systems: u.systems.join(', '), categories: u.categories.join(', '), count: u.events })}
                      {u.recipients.length > 0 && (
                        <>
                          {' '}
                          {t('rop.sharedWith')} <RecipientList recipients={u.recipients} />
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {r.next && <p className="hint">{t('rop.moreUndeclared')}</p>}
            </section>
            <section aria-labelledby="rop-activities" className="section">
              <h2 id="rop-activities">{t('rop.activities', { count: r.activities.length })}</h2>
              {r.activities.map((a) => (
                <ActivityCard key={a.activityId} activity={a} />
              ))}
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}

function ActivityCard({ activity: a }: { activity: Activity }) {
  const { t } = useTranslation();
  const beyond = a.observedBeyondDeclaration;
  return (
    <article className="card activity" aria-labelledby={`activity-${a.activityId}`}>
      <h3 id={`activity-${a.activityId}`}>{a.name}</h3>
      <dl className="facts">
        <dt>{t('rop.purposes')}</dt>
        <dd>{a.purposes.join(', ')}</dd>
        <dt>{t('rop.legalBasis')}</dt>
        <dd>{t(`legalBasis.${a.legalBasis}`, { defaultValue: a.legalBasis })}</dd>
        <dt>{t('rop.subjectCategories')}</dt>
        <dd>{a.subjectCategories.join(', ')}</dd>
        <dt>{t('rop.dataCategories')}</dt>
        <dd className="mono">{a.dataCategories.join(', ')}</dd>
        <dt>{t('rop.recipients')}</dt>
        <dd>{a.recipients.length ? <RecipientList recipients={a.recipients} /> : '—'}</dd>
        <dt>{t('rop.transfers')}</dt>
        <dd>
          {a.transfers.length
            ? a.transfers.map((tr, i) => (
                <span key={i} className={tr.flag ? 'danger-text' : undefined}>
                  {i > 0 && '; '}
                  {[tr.recipientId, tr.country, safeguardName(t, tr.safeguard)].filter(Boolean).join(', ')}
                  {tr.observed && ` (${t('rop.observed')})`}
                  {tr.flag && ` — ${t('rop.noSafeguard')}`}
                </span>
              ))
            : '—'}
        </dd>
        <dt>{t('rop.retention')}</dt>
        <dd>{a.retention}</dd>
        <dt>{t('rop.security')}</dt>
        <dd>{a.securityMeasures}</dd>
        <dt>{t('rop.systems')}</dt>
        <dd>{a.systems.join(', ') || '—'}</dd>
        {beyond && (beyond.categories.length > 0 || beyond.recipients.length > 0) && (
          <>
            <dt>{t('rop.beyond')}</dt>
            <dd className="danger-text">
              {beyond.categories.join(', ')}
              {beyond.categories.length > 0 && beyond.recipients.length > 0 && '; '}
              <RecipientList recipients={beyond.recipients} />
            </dd>
          </>
        )}
      </dl>
    </article>
  );
}

const safeguardName = (t: TFunction, safeguard?: string) => (safeguard ? t(`safeguard.${safeguard}`, { defaultValue: safeguard }) : undefined);

/** Recipients with country and safeguard; those outside the EEA without a safeguard flagged. */
function RecipientList({ recipients }: { recipients: RecordRecipient[] }) {
  const { t } = useTranslation();
  return (
    <>
      {recipients.map((r, i) => (
        <span key={`${r.recipientId}/${r.country ?? ''}/${r.safeguard ?? ''}`} className={r.flag ? 'danger-text' : undefined}>
          {i > 0 && '; '}
          {`${r.name ?? r.recipientId} (${[r.country ?? '?', safeguardName(t, r.safeguard)].filter(Boolean).join(', ')})`}
          {r.flag && ` — ${t('rop.noSafeguard')}`}
        </span>
      ))}
    </>
  );
}
