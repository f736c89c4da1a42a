import { FormEvent, useState } from 'react';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ExportButtons } from '../components/ExportButtons';
import { LoadMore, usePaged } from '../components/paged';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { dayStartToInstant } from '../format/zoned-time';
import { usePreferences } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';

/** Who read which subject's records, when and why; filtered by subject, key and period (in the URL). */
export default function AccessAudit() {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const { format, timeZone } = usePreferences();
  const [params, setParams] = useSearchParams();
  const current = { subjectId: params.get('subjectId') ?? '', keyId: params.get('keyId') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const [draft, setDraft] = useState(current);
  const filter = {
    subjectId: current.subjectId || undefined,
    keyId: current.keyId || undefined,
    from: dayStartToInstant(current.from, timeZone),
    to: dayStartToInstant(current.to, timeZone),
  };
  const paged = usePaged(['audit', filter], (cursor) => api.audit(filter, cursor));

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries(draft)) if (value.trim()) next.set(name, value.trim());
    setParams(next, { replace: true });
  };

  return (
    <>
      <ScreenTitle title={t('audit.title')}>{t('audit.title')}</ScreenTitle>
      <Form onSubmit={apply} className="filters" aria-label={t('common.filters')}>
        <TextField value={draft.subjectId} onChange={(v) => setDraft({ ...draft, subjectId: v })} className="field">
          <Label>{t('audit.subjectId')}</Label>
          <Input spellCheck={false} />
        </TextField>
        <TextField value={draft.keyId} onChange={(v) => setDraft({ ...draft, keyId: v })} className="field">
          <Label>{t('audit.keyId')}</Label>
          <Input spellCheck={false} />
        </TextField>
        <div className="field">
          <label htmlFor="audit-from">{t('history.from')}</label>
          <input id="audit-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('history.to')}</label>
          <input id="audit-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <Button type="submit" className="button secondary">
          {t('history.apply')}
        </Button>
      </Form>
      <ExportButtons path="/v1/audit/access" formats={['csv']} fileStem="access-audit" query={filter} />
      <QueryState query={paged}>
        {(entries) => (
          <>
            <div className="table-wrap">
              <table className="table" data-testid="audit-table">
                <caption className="visually-hidden">{t('audit.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.at')}</th>
                    <th scope="col">{t('audit.key')}</th>
                    <th scope="col">{t('audit.subject')}</th>
                    <th scope="col">{t('audit.purpose')}</th>
                    <th scope="col">{t('audit.route')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id}>
                      <td>{format.dateTime(e.at)}</td>
                      <td>
                        {e.keyName}{' '}
                        <span className="muted">
                          ({t(`role.${e.role}`)}, {e.keyId})
                        </span>
                      </td>
                      <td>
                        <Link to={`/subjects/${e.subjectId}`} className="mono">
                          {e.subjectId.slice(0, 8)}
                        </Link>
                      </td>
                      <td>{e.purpose}</td>
                      <td className="mono">{e.route}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LoadMore paged={paged} />
          </>
        )}
      </QueryState>
    </>
  );
}
