import type { BreachSummary, NotificationPhaseRecord, SignedBreachSummary } from '@ledger/domain';
import { canonicalJson } from '@ledger/event-store';
import { createHash } from 'node:crypto';
import { formatInstant } from '../../documents/document-head';
import type { DocumentSection, LedgerDocument } from '../../documents/ledger-document';
import type { Messages } from '../../i18n/translations';

/** The SHA-256 of the canonical JSON the signature covers: ties a printed summary to its JSON file. */
export const summaryDigest = (summary: BreachSummary): string => createHash('sha256').update(canonicalJson(summary)).digest('hex');

/** The rows a summary can show, by name; each language's layout groups them in its authority's sections. */
type RowName =
  | 'type'
  | 'layout'
  | 'authority'
  | 'deadline'
  | 'notified'
  | 'delayReason'
  | 'phases'
  | 'pending'
  | 'controller'
  | 'contact'
  | 'representative'
  | 'reporter'
  | 'dpo'
  | 'reference'
  | 'nature'
  | 'description'
  | 'detectedBy'
  | 'started'
  | 'ended'
  | 'aware'
  | 'duration'
  | 'subjectCategories'
  | 'approxSubjects'
  | 'approxRecords'
  | 'dataCategories'
  | 'sensitive'
  | 'estimateRevised'
  | 'inPlace'
  | 'generalMeasures'
  | 'risk'
  | 'consequences'
  | 'taken'
  | 'proposed'
  | 'communicationRequired'
  | 'subjectsTold'
  | 'exemption'
  | 'explanation'
  | 'closed'
  | 'closureSummary'
  | 'algorithm'
  | 'keyId'
  | 'signature'
  | 'digest'
  | 'toVerify';

/**
 * English follows the sections of the EDPB common breach-notification template; Dutch those of
 * the Autoriteit Persoonsgegevens' notification form (meldformulier datalekken), which asks the
 * same Art. 33(3) contents in its own order. Titles are in the catalogues (summary.section.*).
 */
const LAYOUTS: Record<'edpb' | 'ap', [section: string, rows: RowName[]][]> = {
  edpb: [
    ['type', ['type', 'layout', 'authority', 'deadline', 'notified', 'delayReason', 'phases', 'pending']],
    ['controller', ['controller', 'contact', 'representative', 'reporter', 'dpo']],
    ['nature', ['reference', 'nature', 'description', 'detectedBy', 'started', 'ended', 'aware', 'duration']],
    ['affected', ['subjectCategories', 'approxSubjects', 'approxRecords', 'dataCategories', 'sensitive', 'estimateRevised']],
    ['measuresInPlace', ['inPlace', 'generalMeasures']],
    ['consequences', ['risk', 'consequences']],
    ['measures', ['taken', 'proposed']],
    ['communication', ['communicationRequired', 'subjectsTold', 'exemption', 'explanation']],
    ['closure', ['closed', 'closureSummary']],
    ['signature', ['algorithm', 'keyId', 'signature', 'digest', 'toVerify']],
  ],
  ap: [
    ['about', ['type', 'layout', 'authority', 'deadline', 'notified', 'delayReason', 'phases', 'pending']],
    ['contact', ['controller', 'contact', 'representative', 'reporter', 'dpo']],
    ['timeline', ['started', 'ended', 'aware', 'duration']],
    ['breach', ['reference', 'nature', 'description', 'detectedBy']],
    ['data', ['dataCategories', 'sensitive', 'approxRecords', 'estimateRevised']],
    ['people', ['subjectCategories', 'approxSubjects']],
    ['measuresBefore', ['inPlace', 'generalMeasures']],
    ['effects', ['risk', 'consequences']],
    ['followUp', ['communicationRequired', 'subjectsTold', 'exemption', 'explanation', 'taken', 'proposed']],
    ['other', ['closed', 'closureSummary']],
    ['signature', ['algorithm', 'keyId', 'signature', 'digest', 'toVerify']],
  ],
};

const MONOSPACED = new Set<RowName>(['keyId', 'signature', 'digest']);

/** The summary as a person reads it, in one language: the same sections and words in the HTML and the PDF. */
export function summaryDocument(signed: SignedBreachSummary, m: Messages, position: number): LedgerDocument {
  const { t } = m;
  const s = signed.summary;
  const rows = summaryRows(signed, m);
  const layout = m.lang === 'nl' ? 'ap' : 'edpb';
  const sections: DocumentSection[] = LAYOUTS[layout]
    .map(([section, names]) => ({
      title: t(`summary.section.${layout}.${section}`),
      rows: names.flatMap((name) =>
        rows[name] === undefined ? [] : [{ label: t(`summary.row.${name}`), value: rows[name]!, ...(MONOSPACED.has(name) ? { mono: true } : {}) }],
      ),
    }))
    .filter((section) => section.rows.length > 0);
  const type =
    s.notification.type === 'documented-only'
      ? t('summary.subtitle.documentedOnly')
      : t('summary.subtitle.notification', { phase: t(`summary.phase.${s.notification.type}`) });
  return {
    lang: m.lang,
    title: t('summary.title', { breachId: s.breachId }),
    subtitle: t('summary.subtitle.line', { type, controller: s.controller.name, at: formatInstant(s.generatedAt) }),
    head: [{ label: t('document.position'), value: t('document.positionValue', { position }) }],
    sections,
    footer: t('summary.footer', { breachId: s.breachId, position }),
    pageLabel: t('document.page'),
    createdAt: s.generatedAt,
    subject: t('summary.pdfSubject'),
  };
}

function summaryRows(signed: SignedBreachSummary, m: Messages): Partial<Record<RowName, string>> {
  const { t } = m;
  const s = signed.summary;
  const n = s.notification;
  const c = s.controller;
  const a = s.affected;
  const sc = s.subjectCommunication;
  const hours = (h: number) => t('summary.hours', { hours: m.number(h) });
  const list = (items: string[]) => (items.length ? items.join(', ') : t('common.noneRecorded'));
  const contact = (p: { name: string; email: string; phone?: string }) => [p.name, p.email, p.phone].filter(Boolean).join('\n');
  const phaseLine = (p: NotificationPhaseRecord) =>
    [
      t('summary.phaseLine', { phase: t(`summary.phase.${p.phase}`), at: formatInstant(p.at), authority: p.authority }),
      p.reference ? t('summary.reference', { reference: p.reference }) : undefined,
      p.hoursAfterAwareness !== undefined ? t('summary.afterAwareness', { hours: hours(p.hoursAfterAwareness) }) : undefined,
    ]
      .filter(Boolean)
      .join(', ');
  const measure = (list: { at: string; description: string }[]) =>
    list.map((x) => `${formatInstant(x.at)}: ${x.description}`).join('\n') || t('common.noneRecorded');
  const authority = n.supervisoryAuthority;
  return {
    type: n.type === 'documented-only' ? t('summary.documentedOnly') : t(`summary.phase.${n.type}`),
    authority: [
      `${authority.name} (${authority.country})`,
      authority.notificationChannel ? t('summary.via', { channel: authority.notificationChannel }) : undefined,
      authority.url,
    ]
      .filter(Boolean)
      .join('\n'),
    // The sections follow a template that is a draft; the notification goes through the authority's channel (authority row).
    layout: t(m.lang === 'nl' ? 'summary.layoutAp' : 'summary.layoutEdpb'),
    ...(a.specialCategories || a.childrensData
      ? {
          sensitive: [a.specialCategories ? t('summary.specialCategories') : undefined, a.childrensData ? t('summary.childrensData') : undefined]
            .filter(Boolean)
            .join('\n'),
        }
      : {}),
    deadline: t('summary.deadline', { at: formatInstant(n.dueAt) }),
    notified:
      n.status === 'notified'
        ? t(n.late ? 'summary.notifiedLate' : 'summary.notifiedInTime', { at: formatInstant(n.notifiedAt!), hours: hours(n.hoursAfterAwareness ?? 0) })
        : n.status === 'not-notified'
          ? n.hoursLeft! >= 0
            ? t('summary.notYetLeft', { hours: hours(n.hoursLeft!) })
            : t('summary.notYetPassed', { hours: hours(-n.hoursLeft!) })
          : t('summary.notRequired'),
    ...(n.late ? { delayReason: n.delayReason ?? t('summary.noDelayReason') } : {}),
    ...(n.phases.length ? { phases: n.phases.map(phaseLine).join('\n') } : {}),
    ...(n.pendingInformation ? { pending: n.pendingInformation } : {}),
    controller: [c.name, c.address, c.registration].filter(Boolean).join('\n'),
    contact: [c.contact.email, c.contact.phone].filter(Boolean).join('\n'),
    ...(c.representative ? { representative: [c.representative.name, c.representative.address, c.representative.email].filter(Boolean).join('\n') } : {}),
    reporter: contact(s.reporter),
    dpo: contact(s.dpo),
    reference: s.breachId,
    nature: s.nature.types.map((type) => t(`summary.natureType.${type}`)).join(', '),
    description: s.nature.description,
    ...(s.nature.detectedBy ? { detectedBy: s.nature.detectedBy } : {}),
    started: s.nature.startedAt ? formatInstant(s.nature.startedAt) : t('common.unknown'),
    ended: s.nature.endedAt ? formatInstant(s.nature.endedAt) : s.nature.ongoing ? t('summary.ongoing') : t('common.unknown'),
    aware: formatInstant(s.nature.awareAt),
    ...(s.nature.durationHours !== undefined
      ? { duration: s.nature.ongoing ? t('summary.soFar', { hours: hours(s.nature.durationHours) }) : hours(s.nature.durationHours) }
      : {}),
    subjectCategories: list(a.subjectCategories),
    approxSubjects: m.number(a.approxSubjects),
    approxRecords: m.number(a.approxRecords),
    dataCategories: list(a.dataCategories),
    ...(a.estimateRevisedAt ? { estimateRevised: formatInstant(a.estimateRevisedAt) } : {}),
    inPlace: s.measuresInPlace.description ?? t('common.noneRecorded'),
    ...(s.measuresInPlace.generalSecurityMeasures ? { generalMeasures: s.measuresInPlace.generalSecurityMeasures } : {}),
    risk: `${t(`summary.risk.${s.consequences.risk}`)}${s.consequences.assessedAt ? t('summary.assessedAt', { at: formatInstant(s.consequences.assessedAt) }) : ''}`,
    consequences: s.consequences.description ?? t('common.notYetAssessed'),
    taken: measure(s.measures.taken),
    proposed: measure(s.measures.proposed),
    communicationRequired: sc.required
      ? t('summary.communication.required')
      : s.consequences.risk === 'not-assessed'
        ? t('summary.communication.unknown')
        : t('summary.communication.notRequired'),
    ...(sc.notifiedAt
      ? {
          subjectsTold: t(sc.approxSubjects !== undefined ? 'summary.subjectsToldCount' : 'summary.subjectsTold', {
            at: formatInstant(sc.notifiedAt),
            channel: sc.channel,
            subjects: sc.approxSubjects === undefined ? undefined : m.number(sc.approxSubjects),
          }),
        }
      : sc.status === 'not-notified'
        ? { subjectsTold: t('summary.notYet') }
        : {}),
    ...(sc.exemption
      ? {
          exemption: `${t(`summary.art34.${sc.exemption.ground}.article`)}: ${t(`summary.art34.${sc.exemption.ground}.condition`)}`,
          explanation: sc.exemption.explanation,
        }
      : {}),
    ...(s.closure ? { closed: formatInstant(s.closure.closedAt), ...(s.closure.summary ? { closureSummary: s.closure.summary } : {}) } : {}),
    algorithm: t('summary.algorithm', { algorithm: signed.signature.algorithm }),
    keyId: signed.signature.keyId,
    signature: signed.signature.value,
    digest: summaryDigest(s),
    toVerify: t('summary.toVerify'),
  };
}
