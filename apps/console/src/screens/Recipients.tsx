import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ExportButtons } from '../components/ExportButtons';
import { LoadMore, usePaged } from '../components/paged';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { FlowDiagram } from '../flow/FlowDiagram';
import { lacksSafeguard } from '../flow/flow-graph';
import { recipientsGraph } from '../flow/recipients-graph';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

/** The recipient register, and a picture of where data goes: activities → recipients → countries. */
export default function Recipients() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const format = useFormat();
  const paged = usePaged(['recipients'], (cursor) => api.recipients(cursor));
  const record = useQuery({ queryKey: ['record-of-processing'], queryFn: () => api.recordOfProcessing() });
  return (
    <>
      <ScreenTitle title={t('recipients.title')}>{t('recipients.title')}</ScreenTitle>
      <section aria-labelledby="recipients-picture" className="section">
        <h2 id="recipients-picture">{t('recipients.whereDataGoes')}</h2>
        <QueryState query={paged}>
          {(register) => {
            const graph = recipientsGraph(
              record.data,
              register,
              [t('flow.column.activities'), t('flow.column.recipients'), t('flow.column.countries')],
              t('recipients.noActivity'),
            );
            const outside = register.filter((r) => r.outsideEea);
            return (
              <FlowDiagram
                graph={graph}
                title={t('recipients.whereDataGoes')}
                description={t('recipients.pictureDescription', {
                  count: register.length,
                  outside: outside.map((r) => `${r.name ?? r.recipientId} (${r.country})`).join(', ') || t('common.none'),
                })}
              />
            );
          }}
        </QueryState>
      </section>
      <section aria-labelledby="recipients-register" className="section">
        <h2 id="recipients-register">{t('recipients.register')}</h2>
        <ExportButtons path="/v1/recipients" formats={['csv']} fileStem="recipients" />
        <QueryState query={paged}>
          {(register) => (
            <>
              <div className="table-wrap">
                <table className="table" data-testid="recipients-table">
                  <caption className="visually-hidden">{t('recipients.register')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('recipients.recipient')}</th>
                      <th scope="col">{t('recipients.role')}</th>
                      <th scope="col">{t('recipients.country')}</th>
                      <th scope="col">{t('recipients.safeguard')}</th>
                      <th scope="col">{t('recipients.dpa')}</th>
                      <th scope="col">{t('recipients.registeredAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {register.map((r) => (
                      <tr key={r.recipientId}>
                        <th scope="row">
                          {r.name ?? r.recipientId} <span className="muted mono">{r.recipientId}</span>
                        </th>
                        <td>{r.role ? t(`recipientRole.${r.role}`, { defaultValue: r.role }) : '—'}</td>
                        <td>
                          {r.country ?? '—'} {r.outsideEea && <span className="badge badge-warning">{t('flow.mark.outsideEea')}</span>}
                        </td>
                        <td>
                          {r.safeguard ? t(`safeguard.${r.safeguard}`, { defaultValue: r.safeguard }) : '—'}{' '}
                          {lacksSafeguard(r.outsideEea, r.safeguard) && <span className="badge badge-danger">{t('flow.mark.noSafeguard')}</span>}
                        </td>
                        <td>{r.dpaReference ?? '—'}</td>
                        <td>{format.date(r.registeredAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <LoadMore paged={paged} />
            </>
          )}
        </QueryState>
      </section>
    </>
  );
}
