import { useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { HistoryEvent } from '../api/types';
import { LoadMore, usePaged } from '../components/paged';
import { QueryState } from '../components/QueryState';
import { SUBJECT_EVENT_TYPES } from '../domain';
import { dayStartToInstant } from '../format/zoned-time';
import { usePreferences } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';
import { describeFact } from './describe-fact';

/** The subject's history in business time, filtered by type and period (kept in the URL), a page at a time. */
export function HistorySection({ subjectId, purpose }: { subjectId: string; purpose: string }) {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const { timeZone, format } = usePreferences();
  const [params, setParams] = useSearchParams();
  const types = (params.get('type') ?? '').split(',').filter(Boolean);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [draft, setDraft] = useState({ types, from, to });
  const filter = { type: types, from: dayStartToInstant(from, timeZone), to: dayStartToInstant(to, timeZone) };
  const paged = usePaged(['subject', subjectId, 'history', filter], (cursor) => api.history(subjectId, purpose, filter, cursor));

  const apply = () => {
    const next = new URLSearchParams(params);
    for (const [name, value] of [
      ['type', draft.types.join(',')],
      ['from', draft.from],
      ['to', draft.to],
    ] as const) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next, { replace: true });
  };

  return (
    <section id="history" aria-labelledby="history-heading" className="section">
      <h2 id="history-heading">{t('subject.history')}</h2>
      <details className="filters-panel" open={types.length > 0 || from !== '' || to !== ''}>
        <summary>{t('history.filters')}</summary>
        <div className="filters">
          <CheckboxGroup value={draft.types} onChange={(v) => setDraft({ ...draft, types: v })} className="checkbox-columns">
            <Label>{t('history.types')}</Label>
            {SUBJECT_EVENT_TYPES.map((type) => (
              <Checkbox key={type} value={type} className="checkbox">
                <span className="box" aria-hidden="true" />
                {t(`eventType.${type}`)}
              </Checkbox>
            ))}
          </CheckboxGroup>
          <div className="field">
            <label htmlFor="history-from">{t('history.from')}</label>
            <input id="history-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="history-to">{t('history.to')}</label>
            <input id="history-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
          <Button className="button secondary" onPress={apply}>
            {t('history.apply')}
          </Button>
        </div>
      </details>
      <QueryState query={paged}>
        {(events) =>
          events.length === 0 ? (
            <p>{t('history.none')}</p>
          ) : (
            <>
              <ol className="timeline" data-testid="history">
                {events.map((e) => (
                  <TimelineItem key={e.id} event={e} dateTime={format.dateTime(e.occurredAt)} />
                ))}
              </ol>
              <LoadMore paged={paged} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function TimelineItem({ event, dateTime }: { event: HistoryEvent; dateTime: string }) {
  const { t } = useTranslation();
  const personal = Object.entries(event.personal ?? {});
  return (
    <li className={`timeline-item type-${event.type}`}>
      <time dateTime={event.occurredAt}>{dateTime}</time>
      <div>
        <strong>{t(`eventType.${event.type}`, { defaultValue: event.type })}</strong>
        <p>{describeFact(event, t)}</p>
        {event.recordedBy && (
          <p className="hint">
            {event.recordedBy.kind === 'key'
              ? t('history.recordedByKey', {
                  name: event.recordedBy.name,
                  role: t(`role.${event.recordedBy.role}`, { defaultValue: event.recordedBy.role }),
                  keyId: event.recordedBy.keyId,
                })
              : t('history.recordedByLedger', { process: event.recordedBy.process })}
          </p>
        )}
        {personal.length > 0 && (
          <details>
            <summary>{t('history.personalValues', { count: personal.length })}</summary>
            <dl className="facts compact">
              {personal.map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </div>
    </li>
  );
}
