import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DataMap, ErasureStatus, HistoryEvent } from '../api/types';
import { QueryState } from '../components/QueryState';
import { FlowDiagram } from '../flow/FlowDiagram';
import { lacksSafeguard } from '../flow/flow-graph';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';
import { dataMapGraph } from './data-map-graph';

/** How many sharing facts the picture reads to link recipients to purposes (one page of the history). */
const SHARING_FACTS = 1000;

export function DataMapSection({ subjectId, purpose }: { subjectId: string; purpose: string }) {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const map = useQuery({ queryKey: ['subject', subjectId, 'data-map'], queryFn: () => api.dataMap(subjectId, purpose) });
  const sharing = useQuery({
    queryKey: ['subject', subjectId, 'sharing'],
    queryFn: () => api.history(subjectId, purpose, { type: ['PersonalDataSharedWithProcessor'] }, undefined, SHARING_FACTS),
  });
  const erasure = useQuery({ queryKey: ['subject', subjectId, 'erasure'], queryFn: () => api.erasure(subjectId, purpose) });
  return (
    <section id="data-map" aria-labelledby="data-map-heading" className="section">
      <h2 id="data-map-heading">{t('subject.dataMap')}</h2>
      <QueryState query={map} notFound={<p>{t('subject.noFacts')}</p>}>
        {(data) => (
          <>
            <p className="hint">
              <SeenLine map={data} />
            </p>
            <DataMapPicture map={data} sharing={sharing.data?.items ?? []} erasure={erasure.data} />
            <DataMapTable map={data} erasure={erasure.data} />
            {data.openFindings.length > 0 && (
              <>
                <h3>{t('subject.openFindings')}</h3>
                <ul className="plain-list">
                  {data.openFindings.map((f) => (
                    <li key={f.id}>
                      <Link to={`/findings?rule=${f.rule}`}>{t(`rule.${f.rule}`, { defaultValue: f.rule })}</Link> ({f.article}) —{' '}
                      <span lang="en">{f.summary}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function SeenLine({ map }: { map: DataMap }) {
  const { t } = useTranslation();
  const format = useFormat();
  return <>{t('subject.seenBetween', { first: format.date(map.firstSeenAt), last: format.date(map.lastSeenAt) })}</>;
}

function DataMapPicture({ map, sharing, erasure }: { map: DataMap; sharing: HistoryEvent[]; erasure?: ErasureStatus }) {
  const { t } = useTranslation();
  const graph = dataMapGraph(map, sharing, erasure, [
    t('flow.column.categories'),
    t('flow.column.purposes'),
    t('flow.column.recipients'),
    t('flow.column.countries'),
  ]);
  const recipients = graph.nodes.filter((n) => n.column === 2);
  const description = t('subject.pictureDescription', {
    categories: graph.nodes.filter((n) => n.column === 0).length,
    purposes: graph.nodes.filter((n) => n.column === 1).length,
    recipients: recipients.length,
    outside: recipients.filter((n) => n.marks.includes('outsideEea')).length,
    notTold:
      recipients
        .filter((n) => n.marks.includes('notToldOfErasure'))
        .map((n) => n.label)
        .join(', ') || t('common.none'),
  });
  return <FlowDiagram graph={graph} title={t('subject.pictureTitle')} description={description} />;
}

/** The data map's facts as a table: the accessible twin of the picture, and the detail it leaves out. */
function DataMapTable({ map, erasure }: { map: DataMap; erasure?: ErasureStatus }) {
  const { t } = useTranslation();
  const format = useFormat();
  const notTold = new Set([
    ...(erasure?.awaitingRecipients ?? []),
    ...map.openFindings.filter((f) => f.rule === 'erasure-not-propagated').map((f) => String(f.detail.recipientId)),
  ]);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="data-map-table">
        <caption>{t('subject.dataMapTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dataMap.category')}</th>
            <th scope="col">{t('dataMap.status')}</th>
            <th scope="col">{t('dataMap.purposes')}</th>
            <th scope="col">{t('dataMap.legalBases')}</th>
            <th scope="col">{t('dataMap.systems')}</th>
            <th scope="col">{t('dataMap.recipients')}</th>
            <th scope="col">{t('dataMap.retention')}</th>
          </tr>
        </thead>
        <tbody>
          {map.categories.map((c) => (
            <tr key={c.category}>
              <th scope="row" className="mono">
                {c.category}
              </th>
              <td>
                <span className={`badge status-${c.status}`}>{t(`dataMap.statusName.${c.status}`)}</span>
                {c.erasedAt && <div className="muted">{format.date(c.erasedAt)}</div>}
              </td>
              <td>{c.purposes.join(', ')}</td>
              <td>{c.legalBases.map((b) => t(`legalBasis.${b}`, { defaultValue: b })).join(', ')}</td>
              <td>{c.systems.join(', ')}</td>
              <td>
                {c.recipients.length === 0
                  ? '—'
                  : c.recipients.map((r) => (
                      <div key={r.recipientId} data-recipient={r.recipientId}>
                        {r.name ?? r.recipientId}
                        {r.country && ` (${r.country}${r.safeguard ? `, ${t(`safeguard.${r.safeguard}`, { defaultValue: r.safeguard })}` : ''})`}
                        {r.outsideEea && <span className="badge badge-warning">{t('flow.mark.outsideEea')}</span>}
                        {lacksSafeguard(r.outsideEea, r.safeguard) && <span className="badge badge-danger">{t('flow.mark.noSafeguard')}</span>}
                        {c.status !== 'held' && notTold.has(r.recipientId) && (
                          <span className="badge badge-danger" data-testid={`not-told-${r.recipientId}`}>
                            {t('flow.mark.notToldOfErasure')}
                          </span>
                        )}
                      </div>
                    ))}
              </td>
              <td>
                {c.retentionUntil ? format.date(c.retentionUntil) : '—'}
                {c.retainedUnder && <div className="muted">{c.retainedUnder}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
