import type { BreachRegisterEntry } from '@ledger/domain';
import type { CsvColumn } from '../exports/csv-export';
import type { Messages } from '../i18n/translations';

/** The Art. 33(5) register as CSV: one row per breach; remedial action and phases one per line within their cell. */
export const breachColumns = ({ t }: Messages): CsvColumn<BreachRegisterEntry>[] => [
  { header: t('csv.breaches.breachId'), value: (b) => b.breachId },
  { header: t('csv.breaches.status'), value: (b) => b.status },
  { header: t('csv.breaches.awareAt'), value: (b) => b.facts.awareAt },
  { header: t('csv.breaches.startedAt'), value: (b) => b.facts.startedAt },
  { header: t('csv.breaches.endedAt'), value: (b) => b.facts.endedAt },
  { header: t('csv.breaches.ongoing'), value: (b) => b.facts.ongoing },
  { header: t('csv.breaches.nature'), value: (b) => b.facts.nature },
  { header: t('csv.breaches.description'), value: (b) => b.facts.description },
  { header: t('csv.breaches.categories'), value: (b) => b.facts.categories },
  { header: t('csv.breaches.subjectCategories'), value: (b) => b.facts.subjectCategories },
  { header: t('csv.breaches.approxSubjects'), value: (b) => b.facts.approxSubjects },
  { header: t('csv.breaches.approxRecords'), value: (b) => b.facts.approxRecords },
  { header: t('csv.breaches.linkedSubjects'), value: (b) => b.linkedBySystems.subjects },
  { header: t('csv.breaches.risk'), value: (b) => b.effects.risk },
  { header: t('csv.breaches.consequences'), value: (b) => b.effects.consequences },
  { header: t('csv.breaches.measuresInPlace'), value: (b) => b.effects.measuresInPlace },
  { header: t('csv.breaches.remedialAction'), value: (b) => b.remedialAction.map((r) => `${r.at} ${r.status}: ${r.measures}`).join('\n') },
  { header: t('csv.breaches.notificationRequired'), value: (b) => b.authorityNotification.required },
  { header: t('csv.breaches.dueAt'), value: (b) => b.authorityNotification.dueAt },
  { header: t('csv.breaches.hoursLeft'), value: (b) => b.authorityNotification.hoursLeft },
  { header: t('csv.breaches.notifiedAt'), value: (b) => b.authorityNotification.notifiedAt },
  { header: t('csv.breaches.hoursAfterAwareness'), value: (b) => b.authorityNotification.hoursAfterAwareness },
  { header: t('csv.breaches.inTime'), value: (b) => b.authorityNotification.inTime },
  { header: t('csv.breaches.delayReason'), value: (b) => b.authorityNotification.delayReason },
  {
    header: t('csv.breaches.phases'),
    value: (b) => b.authorityNotification.phases.map((p) => [p.at, p.phase, p.authority, p.reference].filter(Boolean).join(' ')).join('\n'),
  },
  { header: t('csv.breaches.subjectsRequired'), value: (b) => b.subjectCommunication.required },
  { header: t('csv.breaches.subjectsNotifiedAt'), value: (b) => b.subjectCommunication.notifiedAt },
  { header: t('csv.breaches.subjectsChannel'), value: (b) => b.subjectCommunication.channel },
  { header: t('csv.breaches.exemption'), value: (b) => b.subjectCommunication.exemption?.ground },
  { header: t('csv.breaches.closedAt'), value: (b) => b.closedAt },
];
