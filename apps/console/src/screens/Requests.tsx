import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/api-error';
import type { SubjectRequest } from '../api/types';
import { ExportButtons } from '../components/ExportButtons';
import { NotAvailable } from '../components/NotAvailable';
import { LoadMore, usePaged } from '../components/paged';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { Select } from '../components/Select';
import { SUBJECT_RIGHTS } from '../domain';
import { allPages } from '../overview/all-pages';
import { useFormat } from '../prefs/PreferencesProvider';
import { requestsFromFindings } from '../requests/requests-from-findings';
import { useSignedIn } from '../session/SessionProvider';

const STATUSES = ['open', 'overdue', 'answered', 'answered-late', 'rejected'] as const;

/**
 * The register of subject requests (GET /v1/requests, issue 15). A ledger without it answers
 * 404: the screen says so, and lists the open requests that the findings know of.
 */
export default function Requests() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const right = params.get('right') ?? '';
  const filter = { status: status || undefined, right: right || undefined };
  const paged = usePaged(['requests', filter], (cursor) => api.requests(filter, cursor));
  const missing = paged.error instanceof ApiError && paged.error.status === 404;

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <>
      <ScreenTitle title={t('requests.title')}>{t('requests.title')}</ScreenTitle>
      {missing ? (
        <>
          <NotAvailable what={t('requests.notAvailable')} />
          <FromFindings />
        </>
      ) : (
        <>
          <div className="filters" role="group" aria-label={t('common.filters')}>
            <Select
              label={t('requests.status')}
              value={status}
              onChange={(v) => set('status', v)}
              options={[{ value: '', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`requests.statusName.${s}`) }))]}
            />
            <Select
              label={t('requests.right')}
              value={right}
              onChange={(v) => set('right', v)}
              options={[{ value: '', label: t('common.all') }, ...SUBJECT_RIGHTS.map((r) => ({ value: r, label: t(`right.${r}`) }))]}
            />
          </div>
          <ExportButtons path="/v1/requests" formats={['csv']} fileStem="requests" />
          <QueryState query={paged}>
            {(items) => (
              <>
                <RequestsTable requests={items} />
                <LoadMore paged={paged} />
              </>
            )}
          </QueryState>
        </>
      )}
    </>
  );
}

/** Until the ledger has the register: the open requests, from the request-unanswered findings. */
function FromFindings() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const query = useQuery({
    queryKey: ['requests-from-findings'],
    queryFn: async () => {
      let now: string | undefined;
      const all = await allPages(async (cursor) => {
        const page = await api.findings({ status: 'open', rule: 'request-unanswered' }, cursor);
        now ??= page.now;
        return page;
      });
      return requestsFromFindings(all.items, now ?? new Date().toISOString());
    },
  });
  return (
    <section aria-labelledby="from-findings" className="section">
      <h2 id="from-findings">{t('requests.fromFindings')}</h2>
      <QueryState query={query}>{(items) => <RequestsTable requests={items} />}</QueryState>
    </section>
  );
}

function RequestsTable({ requests }: { requests: SubjectRequest[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (requests.length === 0) return <p>{t('requests.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="requests-table">
        <caption className="visually-hidden">{t('requests.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('requests.request')}</th>
            <th scope="col">{t('requests.right')}</th>
            <th scope="col">{t('requests.receivedAt')}</th>
            <th scope="col">{t('requests.dueAt')}</th>
            <th scope="col">{t('requests.status')}</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr key={`${r.subjectId}-${r.requestId}`} data-request={r.requestId}>
              <th scope="row">
                <Link to={`/subjects/${r.subjectId}`}>{r.requestId}</Link>
              </th>
              <td>{t(`right.${r.right}`, { defaultValue: r.right })}</td>
              <td>{format.date(r.receivedAt)}</td>
              <td>
                {format.date(r.dueAt)}
                {r.extendedUntil && <div className="muted">{t('requests.extendedUntil', { at: format.date(r.extendedUntil) })}</div>}
              </td>
              <td>
                <span className={r.status === 'overdue' || r.status === 'answered-late' ? 'badge badge-danger' : 'badge'}>
                  {t(`requests.statusName.${r.status}`, { defaultValue: r.status })}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
