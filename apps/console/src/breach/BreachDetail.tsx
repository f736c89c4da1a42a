import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Breach } from '../api/types';
import { Loading } from '../components/Loading';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { Select } from '../components/Select';
import { BREACH_EVENT_TYPES, BreachEventType } from '../domain';
import { FindingsTable } from '../screens/Findings';
import { useFormat } from '../prefs/PreferencesProvider';
import { useSignedIn } from '../session/SessionProvider';
import { BreachClock } from './BreachClock';
import { BreachFactForm } from './BreachFactForm';
import { breachTimeline } from './breach-timeline';
import { useLedgerNow } from './use-ledger-now';

/** One breach: its clock, facts, timeline and findings, and forms for what happens next. */
export default function BreachDetail() {
  const { t } = useTranslation();
  const { breachId = '' } = useParams();
  const { api } = useSignedIn();
  const breach = useQuery({ queryKey: ['breach', breachId], queryFn: () => api.breach(breachId) });
  const title = t('breach.title', { id: breachId });
  return (
    <>
      <ScreenTitle title={title}>{title}</ScreenTitle>
      <QueryState query={breach} notFound={<p>{t('breach.notFound', { id: breachId })}</p>}>
        {(b) => <BreachView breach={b} />}
      </QueryState>
    </>
  );
}

function BreachView({ breach: b }: { breach: Breach }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <div className="breach-head">
        <span className={`badge breach-${b.status}`}>{t(`breaches.statusName.${b.status}`)}</span>
        <span className="clock-large">
          <BreachClock breach={b} />
        </span>
        <Link className="button secondary" to={`/breaches/${encodeURIComponent(b.breachId)}/summary`}>
          {t('breach.summaryLink')}
        </Link>
      </div>
      <div className="two-columns">
        <section aria-labelledby="breach-facts" className="section">
          <h2 id="breach-facts">{t('breach.facts')}</h2>
          <dl className="facts">
            <dt>{t('breachForm.field.description')}</dt>
            <dd>{b.facts?.description ?? '—'}</dd>
            <dt>{t('breachForm.field.nature')}</dt>
            <dd>{(b.facts?.nature ?? []).map((n) => t(`vocab.nature.${n}`, { defaultValue: n })).join(', ') || '—'}</dd>
            <dt>{t('breachForm.field.categories')}</dt>
            <dd className="mono">{(b.facts?.categories ?? []).join(', ') || '—'}</dd>
            <dt>{t('breachForm.field.approxSubjects')}</dt>
            <dd>{format.number(b.facts?.approxSubjects)}</dd>
            <dt>{t('breachForm.field.approxRecords')}</dt>
            <dd>{format.number(b.facts?.approxRecords)}</dd>
            <dt>{t('breaches.risk')}</dt>
            <dd>{b.effects?.risk ? t(`vocab.risk.${b.effects.risk}`, { defaultValue: b.effects.risk }) : t('breaches.notAssessed')}</dd>
            {b.effects?.consequences && (
              <>
                <dt>{t('breachForm.field.consequences')}</dt>
                <dd>{b.effects.consequences}</dd>
              </>
            )}
            {b.authorityNotification.delayReason && (
              <>
                <dt>{t('breachForm.field.delayReason')}</dt>
                <dd>{b.authorityNotification.delayReason}</dd>
              </>
            )}
          </dl>
        </section>
        <section aria-labelledby="breach-timeline" className="section">
          <h2 id="breach-timeline">{t('breach.timeline')}</h2>
          <ol className="timeline" data-testid="breach-timeline">
            {breachTimeline(b).map((m, i) => (
              <li key={i} className={`timeline-item moment-${m.kind}`}>
                <time dateTime={m.at}>{format.dateTime(m.at)}</time>
                <div>
                  {t(`breachTimeline.${m.kind}`, {
                    ...m.values,
                    risk: m.values.risk ? t(`vocab.risk.${m.values.risk}`, { defaultValue: String(m.values.risk) }) : '',
                    phase: m.values.phase ? t(`vocab.phase.${m.values.phase}`, { defaultValue: String(m.values.phase) }) : '',
                    status: m.values.status ? t(`vocab.measureStatus.${m.values.status}`, { defaultValue: String(m.values.status) }) : '',
                    ground: m.values.ground ? t(`vocab.exemption.${m.values.ground}`, { defaultValue: String(m.values.ground) }) : '',
                  })}
                </div>
              </li>
            ))}
          </ol>
        </section>
      </div>
      {b.findings && b.findings.length > 0 && (
        <section aria-labelledby="breach-findings" className="section">
          <h2 id="breach-findings">{t('breach.findings')}</h2>
          <FindingsTable findings={b.findings} />
        </section>
      )}
      <RecordNext breach={b} />
    </>
  );
}

/** Forms for the facts that follow a detection; the authority defaults to the controller's supervisory authority. */
function RecordNext({ breach }: { breach: Breach }) {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const now = useLedgerNow();
  const record = useQuery({ queryKey: ['record-of-processing'], queryFn: () => api.recordOfProcessing() });
  const choices = BREACH_EVENT_TYPES.filter((type) => type !== 'BreachDetected');
  const [type, setType] = useState<BreachEventType>(breach.effects?.risk ? 'AuthorityNotified' : 'BreachAssessed');
  const [recorded, setRecorded] = useState<string>();
  const authority = record.data?.controller?.supervisoryAuthority?.id ?? '';
  return (
    <section aria-labelledby="record-next" className="section">
      <h2 id="record-next">{t('breach.recordNext')}</h2>
      <Select
        label={t('breach.factType')}
        value={type}
        onChange={(v) => {
          setType(v as BreachEventType);
          setRecorded(undefined);
        }}
        options={choices.map((c) => ({ value: c, label: t(`eventType.${c}`) }))}
      />
      <p className="notice" role="status">
        {recorded && t('breach.recorded', { type: t(`eventType.${recorded}`) })}
      </p>
      {now && (record.isFetched || record.isError) ? (
        <BreachFactForm
          key={`${type}-${recorded ?? ''}`}
          type={type}
          breachId={breach.breachId}
          now={now}
          defaults={type === 'AuthorityNotified' ? { authority, phase: 'initial' } : {}}
          onRecorded={() => setRecorded(type)}
        />
      ) : (
        <Loading />
      )}
    </section>
  );
}
