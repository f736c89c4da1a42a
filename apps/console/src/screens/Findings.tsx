import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { FindingsFilter } from '../api/ledger-api';
import type { Finding } from '../api/types';
import { ExportButtons } from '../components/ExportButtons';
import { LoadMore, usePaged } from '../components/paged';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { Select } from '../components/Select';
import { FINDING_RULES } from '../domain';
import { DUE_BUCKETS, DueBucket } from '../overview/due-buckets';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

/** Findings, filtered by status, rule and due date (the filters live in the URL, so a view can be shared). */
export default function Findings() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'open') as NonNullable<FindingsFilter['status']>;
  const rule = params.get('rule') ?? '';
  const due = (params.get('due') ?? '') as DueBucket | '';
  const filter: FindingsFilter = { status, rule: rule || undefined, due: due || undefined };
  const paged = usePaged(['findings', filter], (cursor) => api.findings(filter, cursor));

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <>
      <ScreenTitle title={t('findings.title')}>{t('findings.title')}</ScreenTitle>
      <div className="filters" role="group" aria-label={t('common.filters')}>
        <Select
          label={t('findings.status')}
          value={status}
          onChange={(v) => set('status', v === 'open' ? '' : v)}
          options={(['open', 'closed', 'all'] as const).map((s) => ({ value: s, label: t(`findings.statusName.${s}`) }))}
        />
        <Select
          label={t('findings.rule')}
          value={rule}
          onChange={(v) => set('rule', v)}
          options={[{ value: '', label: t('common.all') }, ...FINDING_RULES.map((r) => ({ value: r, label: t(`rule.${r}`) }))]}
        />
        <Select
          label={t('findings.due')}
          value={due}
          onChange={(v) => set('due', v)}
          options={[{ value: '', label: t('common.all') }, ...DUE_BUCKETS.map((b) => ({ value: b, label: t(`due.${b}`) }))]}
        />
      </div>
      <ExportButtons path="/v1/findings" formats={['csv']} fileStem="findings" query={filter as Record<string, string | undefined>} />
      <QueryState query={paged}>
        {(items) => (
          <>
            <FindingsTable findings={items} />
            <LoadMore paged={paged} />
          </>
        )}
      </QueryState>
    </>
  );
}

export function FindingsTable({ findings }: { findings: Finding[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (findings.length === 0) return <p>{t('findings.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="findings-table">
        <caption className="visually-hidden">{t('findings.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('findings.rule')}</th>
            <th scope="col">{t('findings.concerns')}</th>
            <th scope="col">{t('findings.dueAt')}</th>
            <th scope="col">{t('findings.status')}</th>
            <th scope="col">{t('findings.summary')}</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={f.id}>
              <td>
                {t(`rule.${f.rule}`, { defaultValue: f.rule })}
                <br />
                <span className="muted">{f.article}</span>
              </td>
              <td>
                {f.breachId ? (
                  <Link to={`/breaches/${encodeURIComponent(f.breachId)}`}>{t('findings.breach', { id: f.breachId })}</Link>
                ) : f.subjectId ? (
                  <Link to={`/subjects/${f.subjectId}`}>{t('findings.subject', { id: f.subjectId.slice(0, 8) })}</Link>
                ) : (
                  '—'
                )}
              </td>
              <td>{format.dateTime(f.dueAt)}</td>
              <td>
                {f.status === 'open' ? (
                  f.overdue ? (
                    <span className="badge badge-danger">{t('findings.overdue')}</span>
                  ) : (
                    <span className="badge badge-warning">{t('findings.statusName.open')}</span>
                  )
                ) : (
                  <span className="badge">{t('findings.statusName.closed')}</span>
                )}
              </td>
              <td>{f.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
