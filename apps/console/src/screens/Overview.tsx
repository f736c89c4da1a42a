import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Page } from '../api/paging';
import type { OverviewCounts, Readiness, SubjectRequest } from '../api/types';
import { BreachClock } from '../breach/BreachClock';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { DUE_BUCKETS } from '../overview/due-buckets';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

/** The DPO's first screen: what is open and what is due, at the ledger's clock. */
export default function Overview() {
  const { t } = useTranslation();
  const { api } = useSignedIn();

  // Counted by the ledger: the overview reads a few rows whatever the size of the registers.
  const counts = useQuery({ queryKey: ['overview', 'counts'], queryFn: () => api.overview() });
  const requests = useQuery({
    queryKey: ['overview', 'requests'],
    queryFn: async () => {
      const [overdue, open] = await Promise.all([api.requests({ status: 'overdue' }), api.requests({ status: 'open' })]);
      return { overdue, openTotal: open.total ?? open.items.length };
    },
  });
  const readiness = useQuery({ queryKey: ['readiness'], queryFn: () => api.readiness() });

  return (
    <>
      <ScreenTitle title={t('overview.title')}>{t('overview.title')}</ScreenTitle>
      <div className="cards">
        <section className="card" aria-labelledby="open-findings">
          <h2 id="open-findings">{t('overview.openFindings')}</h2>
          <QueryState query={counts}>{(data) => <OpenFindings counts={data} />}</QueryState>
        </section>
        <section className="card" aria-labelledby="breach-clocks">
          <h2 id="breach-clocks">{t('overview.breachClocks')}</h2>
          <QueryState query={counts}>
            {({ breaches }) =>
              breaches.awaitingNotification === 0 ? (
                <p>{t('overview.noBreachAwaitsNotification')}</p>
              ) : (
                <>
                  {breaches.awaitingNotification > breaches.soonestDue.length && (
                    <p>{t('overview.breachesAwaiting', { count: breaches.awaitingNotification, shown: breaches.soonestDue.length })}</p>
                  )}
                  <ul className="plain-list" data-testid="breach-clocks">
                    {breaches.soonestDue.map((b) => (
                      <li key={b.breachId}>
                        <Link to={`/breaches/${encodeURIComponent(b.breachId)}`}>{b.breachId}</Link> <BreachClock breach={b} />
                      </li>
                    ))}
                  </ul>
                </>
              )
            }
          </QueryState>
        </section>
        <section className="card" aria-labelledby="requests-due">
          <h2 id="requests-due">{t('overview.requestsDue')}</h2>
          <QueryState query={requests}>{(data) => <RequestsDue overdue={data.overdue} openTotal={data.openTotal} />}</QueryState>
        </section>
        <section className="card" aria-labelledby="read-models">
          <h2 id="read-models">{t('overview.readModels')}</h2>
          <QueryState query={readiness}>{(data) => <ReadModels readiness={data} lastDay={counts.data?.ingest.lastDay} />}</QueryState>
        </section>
      </div>
    </>
  );
}

function OpenFindings({ counts }: { counts: OverviewCounts }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { open, byDue, byRule } = counts.findings;
  const rules = Object.entries(byRule).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return (
    <>
      <p className="stat">
        <span className="stat-value" data-testid="open-findings-count">
          {format.number(open)}
        </span>{' '}
        {t('overview.openFindingsCount', { count: open })}
      </p>
      <p className="hint">{t('overview.atLedgerClock', { now: format.dateTime(counts.now) })}</p>
      <h3>{t('overview.byDueDate')}</h3>
      <ul className="due-buckets" data-testid="due-buckets">
        {DUE_BUCKETS.map((bucket) => (
          <li key={bucket} className={`due-${bucket}`}>
            <Link to={`/findings?due=${bucket}`}>
              <span className="bucket-count">{format.number(byDue[bucket])}</span> {t(`due.${bucket}`)}
            </Link>
          </li>
        ))}
      </ul>
      <h3>{t('overview.byRule')}</h3>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">{t('findings.rule')}</th>
            <th scope="col" className="numeric">
              {t('overview.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map(([rule, count]) => (
            <tr key={rule}>
              <td>
                <Link to={`/findings?rule=${rule}`}>{t(`rule.${rule}`, { defaultValue: rule })}</Link>
              </td>
              <td className="numeric">{format.number(count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The overdue requests (the first page of them, with how many there are) and how many are still open. */
function RequestsDue({ overdue, openTotal }: { overdue: Page<SubjectRequest>; openTotal: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const overdueTotal = overdue.total ?? overdue.items.length;
  return (
    <>
      {overdue.items.length === 0 ? (
        <p>{t('overview.noRequestsOverdue')}</p>
      ) : (
        <>
          <p>{t('overview.requestsOverdue', { count: overdueTotal })}</p>
          <ul className="plain-list" data-testid="requests-due">
            {overdue.items.map((r) => (
              <li key={`${r.subjectId}-${r.requestId}`}>
                <Link to={`/subjects/${r.subjectId}`}>{r.requestId}</Link> {t(`right.${r.right}`, { defaultValue: r.right })} —{' '}
                <span className="badge badge-danger">{t('requests.overdueSince', { at: format.date(r.dueAt) })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to="/requests?status=open">{t('overview.requestsOpen', { count: openTotal })}</Link>
        {' · '}
        <Link to="/requests">{t('overview.allRequests')}</Link>
      </p>
    </>
  );
}

/** Events recorded in the last day, the log position, and how far the read models trail it. */
function ReadModels({ readiness, lastDay }: { readiness: Readiness; lastDay: number | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const models = readiness.readModels ?? [];
  const lag = models.length ? Math.max(0, ...models.map((m) => m.lag ?? 0)) : undefined;
  return (
    <dl className="facts" data-testid="read-models">
      <dt>{t('overview.ingestLastDay')}</dt>
      <dd>{typeof lastDay === 'number' ? format.number(lastDay) : t('overview.lagNotReported')}</dd>
      <dt>{t('overview.logPosition')}</dt>
      <dd>{typeof readiness.head === 'number' ? format.number(readiness.head) : t('overview.lagNotReported')}</dd>
      <dt>{t('overview.lag')}</dt>
      <dd>{lag === undefined ? t('overview.lagNotReported') : t('overview.lagEvents', { count: lag })}</dd>
      <dt>{t('overview.readiness')}</dt>
      <dd>{t(`readiness.${readiness.status}`)}</dd>
    </dl>
  );
}
