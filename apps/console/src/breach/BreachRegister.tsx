import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ExportButtons } from '../components/ExportButtons';
import { LoadMore, usePaged } from '../components/paged';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';
import { BreachClock } from './BreachClock';

/** The Art. 33(5) breach register, each breach with its 72-hour clock. */
export default function BreachRegister() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const format = useFormat();
  const paged = usePaged(['breaches'], (cursor) => api.breaches(cursor));
  return (
    <>
      <ScreenTitle title={t('breaches.title')}>{t('breaches.title')}</ScreenTitle>
      <div className="actions">
        <Link className="button primary" to="/breaches/new">
          {t('breaches.record')}
        </Link>
        <ExportButtons path="/v1/breaches" formats={['csv', 'pdf']} fileStem="breach-register" />
      </div>
      <QueryState query={paged}>
        {(breaches) =>
          breaches.length === 0 ? (
            <p>{t('breaches.none')}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" data-testid="breach-register">
                  <caption className="visually-hidden">{t('breaches.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('breaches.breach')}</th>
                      <th scope="col">{t('breaches.status')}</th>
                      <th scope="col">{t('breaches.awareAt')}</th>
                      <th scope="col">{t('breaches.risk')}</th>
                      <th scope="col">{t('breaches.subjects')}</th>
                      <th scope="col">{t('breaches.clock')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {breaches.map((b) => (
                      <tr key={b.breachId} data-breach={b.breachId}>
                        <th scope="row">
                          <Link to={`/breaches/${encodeURIComponent(b.breachId)}`}>{b.breachId}</Link>
                          {b.facts?.description && <div className="muted clamp">{b.facts.description}</div>}
                        </th>
                        <td>
                          <span className={`badge breach-${b.status}`}>{t(`breaches.statusName.${b.status}`)}</span>
                        </td>
                        <td>{format.dateTime(b.facts?.awareAt)}</td>
                        <td>{b.effects?.risk ? t(`vocab.risk.${b.effects.risk}`, { defaultValue: b.effects.risk }) : t('breaches.notAssessed')}</td>
                        <td className="numeric">{format.number(b.facts?.approxSubjects)}</td>
                        <td>
                          <BreachClock breach={b} />
                          {b.authorityNotification.dueAt && !b.authorityNotification.notifiedAt && b.authorityNotification.required && (
                            <div className="muted" data-testid={`deadline-${b.breachId}`}>
                              {t('breaches.deadline', { at: format.dateTime(b.authorityNotification.dueAt) })}
                            </div>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <LoadMore paged={paged} />
            </>
          )
        }
      </QueryState>
    </>
  );
}
