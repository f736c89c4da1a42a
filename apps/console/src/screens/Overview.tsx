import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/api-error';
import type { Finding, Health, SubjectRequest } from '../api/types';
import { BreachClock, awaitsNotification } from '../breach/BreachClock';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { allPages } from '../overview/all-pages';
import { DUE_BUCKETS, countBy, countByDue } from '../overview/due-buckets';
import { useFormat } from '../prefs/PreferencesProvider';
import { requestsFromFindings } from '../requests/requests-from-findings';
import { useSignedIn } from '../session/SessionProvider';

/** The DPO's first screen: what is open and what is due, at the ledger's clock. */
export default function Overview() {
  const { t } = useTranslation();
  const { api } = useSignedIn();

  const findings = useQuery({
    queryKey: ['overview', 'findings'],
    queryFn: async () => {
      let now: string | undefined;
      const all = await allPages(async (cursor) => {
        const page = await api.findings({ status: 'open' }, cursor);
        now ??= page.now;
        return page;
      });
      return { ...all, now: now ?? new Date().toISOString() };
    },
  });
  const breaches = useQuery({ queryKey: ['overview', 'breaches'], queryFn: () => allPages((cursor) => api.breaches(cursor)) });
  const requests = useQuery({
    queryKey: ['overview', 'requests'],
    enabled: findings.data !== undefined,
    queryFn: async (): Promise<{ source: 'register' | 'findings'; items: SubjectRequest[] }> => {
      try {
        // Unanswered: overdue ones and those still open, soonest due first.
        const [overdue, open] = await Promise.all([
          allPages((cursor) => api.requests({ status: 'overdue' }, cursor)),
          allPages((cursor) => api.requests({ status: 'open' }, cursor)),
        ]);
        return { source: 'register', items: [...overdue.items, ...open.items].sort((a, b) => a.dueAt.localeCompare(b.dueAt)) };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          return { source: 'findings', items: requestsFromFindings(findings.data!.items, findings.data!.now) };
        }
        throw error;
      }
    },
  });
  const health = useQuery({ queryKey: ['health'], queryFn: () => api.health() });

  return (
    <>
      <ScreenTitle title={t('overview.title')}>{t('overview.title')}</ScreenTitle>
      <div className="cards">
        <section className="card" aria-labelledby="open-findings">
          <h2 id="open-findings">{t('overview.openFindings')}</h2>
          <QueryState query={findings}>{(data) => <OpenFindings findings={data.items} now={data.now} />}</QueryState>
        </section>
        <section className="card" aria-labelledby="breach-clocks">
          <h2 id="breach-clocks">{t('overview.breachClocks')}</h2>
          <QueryState query={breaches}>
            {(data) => {
              const running = data.items.filter(awaitsNotification);
              return running.length === 0 ? (
                <p>{t('overview.noBreachAwaitsNotification')}</p>
              ) : (
                <ul className="plain-list" data-testid="breach-clocks">
                  {running.map((b) => (
                    <li key={b.breachId}>
                      <Link to={`/breaches/${encodeURIComponent(b.breachId)}`}>{b.breachId}</Link> <BreachClock breach={b} />
                    </li>
                  ))}
                </ul>
              );
            }}
          </QueryState>
        </section>
        <section className="card" aria-labelledby="requests-due">
          <h2 id="requests-due">{t('overview.requestsDue')}</h2>
          <QueryState query={requests}>{(data) => <RequestsDue requests={data.items} source={data.source} now={findings.data?.now} />}</QueryState>
        </section>
        <section className="card" aria-labelledby="read-models">
          <h2 id="read-models">{t('overview.readModels')}</h2>
          <QueryState query={health}>{(data) => <ReadModels health={data} />}</QueryState>
        </section>
      </div>
    </>
  );
}

function OpenFindings({ findings, now }: { findings: Finding[]; now: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const due = countByDue(findings, now);
  return (
    <>
      <p className="stat">
        <span className="stat-value" data-testid="open-findings-count">
          {format.number(findings.length)}
        </span>{' '}
        {t('overview.openFindingsCount', { count: findings.length })}
      </p>
      <p className="hint">{t('overview.atLedgerClock', { now: format.dateTime(now) })}</p>
      <h3>{t('overview.byDueDate')}</h3>
      <ul className="due-buckets" data-testid="due-buckets">
        {DUE_BUCKETS.map((bucket) => (
          <li key={bucket} className={`due-${bucket}`}>
            <Link to={`/findings?due=${bucket}`}>
              <span className="bucket-count">{format.number(due[bucket])}</span> {t(`due.${bucket}`)}
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
          {countBy(findings, (f) => f.rule).map(([rule, count]) => (
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

function RequestsDue({ requests, source, now }: { requests: SubjectRequest[]; source: 'register' | 'findings'; now?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const soon = requests
    .filter((r) => r.status === 'open' || r.status === 'overdue')
    .filter((r) => !now || Date.parse(r.dueAt) - Date.parse(now) <= 7 * 86_400_000)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return (
    <>
      {soon.length === 0 ? (
        <p>{t('overview.noRequestsDue')}</p>
      ) : (
        <ul className="plain-list" data-testid="requests-due">
          {soon.map((r) => (
            <li key={`${r.subjectId}-${r.requestId}`}>
              <Link to={`/subjects/${r.subjectId}`}>{r.requestId}</Link> {t(`right.${r.right}`, { defaultValue: r.right })} —{' '}
              <span className={r.status === 'overdue' ? 'badge badge-danger' : 'badge'}>
                {r.status === 'overdue' ? t('requests.overdueSince', { at: format.date(r.dueAt) }) : t('requests.dueOn', { at: format.date(r.dueAt) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {source === 'findings' && <p className="hint">{t('overview.requestsFromFindings')}</p>}
      <p>
        <Link to="/requests">{t('overview.allRequests')}</Link>
      </p>
    </>
  );
}

/** The log position, and how far the read models trail it where the ledger reports that. */
function ReadModels({ health }: { health: Health }) {
  const { t } = useTranslation();
  const format = useFormat();
  const details = health.details ?? {};
  const logPosition = details.eventStore?.position;
  const projections = Object.entries(details).filter(([name, d]) => name !== 'eventStore' && typeof d.position === 'number');
  return (
    <dl className="facts">
      <dt>{t('overview.logPosition')}</dt>
      <dd>{format.number(logPosition)}</dd>
      <dt>{t('overview.lag')}</dt>
      <dd>
        {projections.length && typeof logPosition === 'number'
          ? t('overview.lagEvents', { count: Math.max(0, ...projections.map(([, d]) => logPosition - (d.position as number))) })
          : t('overview.lagNotReported')}
      </dd>
    </dl>
  );
}
