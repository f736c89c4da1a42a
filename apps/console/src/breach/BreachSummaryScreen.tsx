import { useQuery } from '@tanstack/react-query';
import { ReactNode, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { BreachSummary, Contact } from '../api/types';
import { saveFile } from '../components/download';
import { QueryState } from '../components/QueryState';
import { ScreenTitle } from '../components/ScreenTitle';
import { useFormat } from '../prefs/PreferencesProvider';
import { mayOpen } from '../session/permissions';
import { useSignedIn } from '../session/SessionProvider';

const FORMATS = [
  { format: 'pdf', accept: 'application/pdf' },
  { format: 'json', accept: 'application/json' },
  { format: 'html', accept: 'text/html' },
] as const;

/**
 * The Art. 33(3) summary of a breach, as the ledger signs it for the supervisory authority:
 * previewed here in the console's language, downloaded as PDF, JSON (with its signature) or HTML.
 */
export default function BreachSummaryScreen() {
  const { t } = useTranslation();
  const { breachId = '' } = useParams();
  const { api, me } = useSignedIn();
  const summary = useQuery({ queryKey: ['breach', breachId, 'summary'], queryFn: () => api.summary(breachId) });
  const [downloading, setDownloading] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const title = t('summary.title', { id: breachId });

  const download = async (format: string, accept: string) => {
    setDownloading(format);
    setProblem(undefined);
    try {
      const file = await api.summaryFile(breachId, accept);
      saveFile(file.blob, file.fileName ?? `breach-summary-${breachId}.${format}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setDownloading(undefined);
    }
  };

  return (
    <>
      <ScreenTitle title={title}>{title}</ScreenTitle>
      {mayOpen(me.role, 'breaches') && (
        <p>
          <Link to={`/breaches/${encodeURIComponent(breachId)}`}>{t('summary.backToBreach')}</Link>
        </p>
      )}
      <QueryState query={summary} notFound={<p>{t('breach.notFound', { id: breachId })}</p>}>
        {(signed) => (
          <>
            <div className="actions" role="group" aria-label={t('summary.downloads')}>
              {FORMATS.map(({ format, accept }) => (
                <Button key={format} className="button secondary" onPress={() => void download(format, accept)} isDisabled={downloading !== undefined}>
                  {t('summary.download', { format: format.toUpperCase() })}
                </Button>
              ))}
            </div>
            {problem && (
              <p className="notice notice-error" role="alert">
                {problem}
              </p>
            )}
            <SummaryPreview summary={signed.summary} />
            <section aria-labelledby="summary-signature" className="section">
              <h2 id="summary-signature">{t('summary.signature')}</h2>
              <dl className="facts">
                <dt>{t('summary.algorithm')}</dt>
                <dd>{signed.signature.algorithm}</dd>
                <dt>{t('summary.keyId')}</dt>
                <dd className="mono break">{signed.signature.keyId}</dd>
              </dl>
              <p className="hint">{t('summary.verifyHint')}</p>
              <pre className="code">npm run ledger -- verify-summary breach-summary-{breachId}.json --public-key ledger-key.json</pre>
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="summary-section">
      <h2>{title}</h2>
      <dl className="facts">{children}</dl>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </>
  );
}

const contact = (c?: Contact) => (c ? [c.name, c.email, c.phone].filter(Boolean).join(', ') : undefined);

/** The summary's sections in the order of the EDPB template, with the console's labels. */
function SummaryPreview({ summary: s }: { summary: BreachSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const n = s.notification;
  const notified = n.notifiedAt
    ? t(n.late ? 'summary.notifiedLate' : 'summary.notifiedInTime', { at: format.dateTime(n.notifiedAt), hours: format.hours(n.hoursAfterAwareness ?? 0) })
    : n.hoursLeft !== undefined
      ? t('clock.dueIn', { hours: format.hours(n.hoursLeft), at: format.dateTime(n.dueAt) })
      : t(`summary.status.${n.status}`, { defaultValue: n.status });
  return (
    <article className="summary-preview" data-testid="summary-preview" aria-label={t('summary.preview')}>
      <Section title={t('summary.section.notification')}>
        <Row label={t('summary.type')}>{t(`summary.notificationType.${n.type}`, { defaultValue: n.type })}</Row>
        <Row label={t('summary.authority')}>{n.supervisoryAuthority?.name}</Row>
        <Row label={t('summary.deadline')}>{format.dateTime(n.dueAt)}</Row>
        <Row label={t('summary.notified')}>{notified}</Row>
        {n.delayReason && <Row label={t('breachForm.field.delayReason')}>{n.delayReason}</Row>}
        {n.phases.map((p) => (
          <Row key={p.at + p.phase} label={t('breachForm.field.phase')}>
            {t(`vocab.phase.${p.phase}`, { defaultValue: p.phase })}, {format.dateTime(p.at)}
            {p.reference && ` — ${p.reference}`}
          </Row>
        ))}
      </Section>
      <Section title={t('summary.section.controller')}>
        <Row label={t('summary.controller')}>{s.controller?.name}</Row>
        <Row label={t('summary.address')}>{s.controller?.address}</Row>
        <Row label={t('summary.dpo')}>{contact(s.dpo)}</Row>
        <Row label={t('summary.reporter')}>{contact(s.reporter)}</Row>
      </Section>
      <Section title={t('summary.section.nature')}>
        <Row label={t('breachForm.field.nature')}>{s.nature.types.map((x) => t(`vocab.nature.${x}`, { defaultValue: x })).join(', ')}</Row>
        <Row label={t('breachForm.field.description')}>{s.nature.description}</Row>
        <Row label={t('breachForm.field.awareAt')}>{format.dateTime(s.nature.awareAt)}</Row>
        <Row label={t('breachForm.field.startedAt')}>{format.dateTime(s.nature.startedAt)}</Row>
        <Row label={t('breachForm.field.endedAt')}>{s.nature.ongoing ? t('summary.ongoing') : format.dateTime(s.nature.endedAt)}</Row>
      </Section>
      <Section title={t('summary.section.affected')}>
        <Row label={t('breachForm.field.subjectCategories')}>{(s.affected.subjectCategories ?? []).join(', ')}</Row>
        <Row label={t('breachForm.field.approxSubjects')}>{format.number(s.affected.approxSubjects)}</Row>
        <Row label={t('breachForm.field.approxRecords')}>{format.number(s.affected.approxRecords)}</Row>
        <Row label={t('breachForm.field.categories')}>{(s.affected.dataCategories ?? []).join(', ')}</Row>
      </Section>
      <Section title={t('summary.section.consequences')}>
        <Row label={t('breaches.risk')}>{s.consequences?.risk && t(`vocab.risk.${s.consequences.risk}`, { defaultValue: s.consequences.risk })}</Row>
        <Row label={t('breachForm.field.consequences')}>{s.consequences?.description}</Row>
        <Row label={t('breachForm.field.measuresInPlace')}>{s.measuresInPlace?.description ?? s.measuresInPlace?.generalSecurityMeasures}</Row>
      </Section>
      <Section title={t('summary.section.measures')}>
        {[...(s.measures?.taken ?? []).map((m) => ({ ...m, status: 'taken' })), ...(s.measures?.proposed ?? []).map((m) => ({ ...m, status: 'proposed' }))].map(
          (m) => (
            <Row key={m.at + m.description} label={`${t(`vocab.measureStatus.${m.status}`)} · ${format.dateTime(m.at)}`}>
              {m.description}
            </Row>
          ),
        )}
      </Section>
      <Section title={t('summary.section.subjects')}>
        <Row label={t('summary.communication')}>
          {t(`summary.communicationStatus.${s.subjectCommunication.status}`, { defaultValue: s.subjectCommunication.status })}
        </Row>
        {s.subjectCommunication.notifiedAt && <Row label={t('summary.notified')}>{format.dateTime(s.subjectCommunication.notifiedAt)}</Row>}
        {s.subjectCommunication.exemption && (
          <Row label={t('breachForm.field.ground')}>
            {t(`vocab.exemption.${s.subjectCommunication.exemption.ground}`, { defaultValue: s.subjectCommunication.exemption.ground })}
          </Row>
        )}
      </Section>
      <p className="hint">{t('summary.generatedAt', { at: format.dateTime(s.generatedAt) })}</p>
    </article>
  );
}
