import type { BreachRegisterEntry, ControllerProfile } from '@ledger/domain';
import { documentHead, formatInstant } from '../documents/document-head';
import type { DocumentRow, LedgerDocument } from '../documents/ledger-document';
import type { Messages } from '../i18n/translations';

/**
 * The Art. 33(5) register as a document an auditor can file: every breach, notified or not, with
 * its facts, effects and remedial action, the 72-hour deadline and how it was met.
 */
export function breachRegisterDocument(
  breaches: readonly BreachRegisterEntry[],
  m: Messages,
  context: { controller: ControllerProfile | null; now: Date; position: number },
): LedgerDocument {
  const { t } = m;
  const at = (iso?: string) => (iso ? formatInstant(iso) : t('common.unknown'));
  const list = (items?: readonly string[]) => (items?.length ? items.join(', ') : t('common.noneRecorded'));
  const rows = (b: BreachRegisterEntry): DocumentRow[] => {
    const n = b.authorityNotification;
    const s = b.subjectCommunication;
    const r = (key: string, value: string | undefined): DocumentRow[] => (value === undefined ? [] : [{ label: t(`breachRegister.row.${key}`), value }]);
    return [
      ...r('status', t(`breachRegister.status.${b.status}`)),
      ...r('aware', at(b.facts.awareAt)),
      ...r('period', `${at(b.facts.startedAt)} – ${b.facts.endedAt ? at(b.facts.endedAt) : b.facts.ongoing ? t('summary.ongoing') : t('common.unknown')}`),
      ...r('nature', b.facts.nature.map((x) => t(`summary.natureType.${x}`)).join(', ') || t('common.noneRecorded')),
      ...r('description', b.facts.description),
      ...r('dataCategories', list(b.facts.categories)),
      ...r('subjectCategories', list(b.facts.subjectCategories)),
      ...r(
        'extent',
        b.facts.approxSubjects === undefined
          ? undefined
          : t('breachRegister.extent', { subjects: m.number(b.facts.approxSubjects), records: m.number(b.facts.approxRecords ?? 0) }),
      ),
      ...r('linked', b.linkedBySystems.subjects ? t('breachRegister.linked', { subjects: m.number(b.linkedBySystems.subjects) }) : undefined),
      ...r('risk', b.effects.risk ? t(`summary.risk.${b.effects.risk}`) : t('common.notYetAssessed')),
      ...r('consequences', b.effects.consequences),
      ...r('measuresInPlace', b.effects.measuresInPlace),
      ...r(
        'remedialAction',
        b.remedialAction.length
          ? b.remedialAction
              .map((x) => `${formatInstant(x.at)} (${t(`breachRegister.measure.${x.status}`, { defaultValue: x.status })}): ${x.measures}`)
              .join('\n')
          : t('common.noneRecorded'),
      ),
      ...r(
        'authority',
        !n.required
          ? t('breachRegister.authority.notRequired')
          : n.notifiedAt
            ? t(n.inTime ? 'breachRegister.authority.inTime' : 'breachRegister.authority.late', {
                at: formatInstant(n.notifiedAt),
                hours: m.number(n.hoursAfterAwareness ?? 0),
              })
            : n.dueAt
              ? t('breachRegister.authority.due', { at: formatInstant(n.dueAt) })
              : t('breachRegister.authority.notYet'),
      ),
      ...r('delayReason', n.delayReason),
      ...r(
        'phases',
        n.phases.length
          ? n.phases.map((p) => [formatInstant(p.at), t(`summary.phase.${p.phase}`), p.authority, p.reference].filter(Boolean).join(', ')).join('\n')
          : undefined,
      ),
      ...r(
        'subjects',
        s.notifiedAt
          ? t('breachRegister.subjects.told', { at: formatInstant(s.notifiedAt), channel: s.channel ?? '' })
          : s.exemption
            ? t('breachRegister.subjects.exempted', { article: t(`summary.art34.${s.exemption.ground}.article`), explanation: s.exemption.explanation })
            : s.required
              ? t('breachRegister.subjects.notYet')
              : t('breachRegister.subjects.notRequired'),
      ),
      ...r('closed', b.closedAt ? formatInstant(b.closedAt) : undefined),
    ];
  };
  return {
    lang: m.lang,
    title: t('breachRegister.title'),
    subtitle: t('breachRegister.subtitle', { breaches: m.number(breaches.length) }),
    head: documentHead(m, context.controller, context.now.toISOString(), context.position),
    sections: breaches.length ? breaches.map((b) => ({ title: b.breachId, rows: rows(b) })) : [{ title: t('breachRegister.none'), rows: [] }],
    footer: t('breachRegister.footer', { controller: context.controller?.name ?? '', position: context.position }),
    pageLabel: t('document.page'),
    createdAt: context.now.toISOString(),
  };
}
