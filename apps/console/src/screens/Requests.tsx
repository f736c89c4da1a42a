import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { SubjectRequest } from '../api/types';
import { ExportButtons } from '../components/ExportButtons';
import { LoadMore, usePaged } from '../components/paged';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { Select } from '../components/Select';
import { SUBJECT_RIGHTS } from '../domain';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

const STATUSES = ['open', 'overdue', 'answered', 'answered-late', 'rejected'] as const;

/**
 * The register of subject requests (GET /v1/requests): every request with its due date after any
 * extension, the fact that answered it and its status at the ledger clock; filtered by status and
 * right (in the URL), downloadable as CSV with the same filters.
 */
export default function Requests() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const right = params.get('right') ?? '';
  const filter = { status: status || undefined, right: right || undefined };
  const paged = usePaged(['requests', filter], (cursor) => api.requests(filter, cursor));

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <>
      <ScreenTitle title={t('requests.title')}>{t('requests.title')}</ScreenTitle>
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
      <ExportButtons path="/v1/requests" formats={['csv']} fileStem="requests" query={filter} />
      <QueryState query={paged}>
        {(items) => (
          <>
            <RequestsTable requests={items} />
            <LoadMore paged={paged} />
          </>
        )}
      </QueryState>
    </>
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
            <th scope="col">{t('requests.answeredAt')}</th>
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
                {r.extensionReason && <div className="muted">{r.extensionReason}</div>}
              </td>
              <td>
                {r.answeredAt ? format.date(r.answeredAt) : '—'}
                {r.answeredBy && <div className="muted">{t(`eventType.${r.answeredBy.type}`, { defaultValue: r.answeredBy.type })}</div>}
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
