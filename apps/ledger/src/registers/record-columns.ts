import type { RecordEntry, RecordOfProcessing, RecordRecipient, UndeclaredProcessing } from '@ledger/domain';
import type { CsvColumn } from '../exports/csv-export';
import type { Messages } from '../i18n/translations';

/** A row of the Art. 30 record as CSV: a declared activity, or processing the ledger observed that none covers. */
export type RecordRow = { kind: 'declared'; entry: RecordEntry } | { kind: 'undeclared'; entry: UndeclaredProcessing };

export const recordRows = (record: RecordOfProcessing): RecordRow[] => [
  ...record.activities.map((entry) => ({ kind: 'declared' as const, entry })),
  ...record.undeclaredProcessing.map((entry) => ({ kind: 'undeclared' as const, entry })),
];

const declared = <T>(row: RecordRow, value: (e: RecordEntry) => T): T | undefined => (row.kind === 'declared' ? value(row.entry) : undefined);
const undeclared = <T>(row: RecordRow, value: (e: UndeclaredProcessing) => T): T | undefined => (row.kind === 'undeclared' ? value(row.entry) : undefined);

/** "openprovider (US scc)": the recipient, its country and safeguard. */
export const recipientText = (r: RecordRecipient) =>
  [r.recipientId, r.country && `(${[r.country, r.safeguard].filter(Boolean).join(' ')})`].filter(Boolean).join(' ');

export const recordColumns = ({ t }: Messages): CsvColumn<RecordRow>[] => [
  { header: t('csv.record.kind'), value: (r) => r.kind },
  { header: t('csv.record.activityId'), value: (r) => declared(r, (e) => e.activityId) },
  { header: t('csv.record.name'), value: (r) => declared(r, (e) => e.name) },
  { header: t('csv.record.purposes'), value: (r) => (r.kind === 'declared' ? r.entry.purposes : [r.entry.purpose]) },
  { header: t('csv.record.legalBases'), value: (r) => (r.kind === 'declared' ? [r.entry.legalBasis] : r.entry.legalBases) },
  { header: t('csv.record.subjectCategories'), value: (r) => declared(r, (e) => e.subjectCategories) },
  { header: t('csv.record.dataCategories'), value: (r) => (r.kind === 'declared' ? r.entry.dataCategories : r.entry.categories) },
  { header: t('csv.record.recipients'), value: (r) => (r.kind === 'declared' ? r.entry.recipients.map(recipientText) : r.entry.recipients.map(recipientText)) },
  {
    header: t('csv.record.transfers'),
    value: (r) => declared(r, (e) => e.transfers.map((x) => [x.recipientId, x.country, x.safeguard].filter(Boolean).join(' '))),
  },
  { header: t('csv.record.retention'), value: (r) => declared(r, (e) => e.retention) },
  { header: t('csv.record.securityMeasures'), value: (r) => declared(r, (e) => e.securityMeasures) },
  { header: t('csv.record.systems'), value: (r) => r.entry.systems },
  { header: t('csv.record.observedCategories'), value: (r) => declared(r, (e) => e.observedBeyondDeclaration.categories) },
  { header: t('csv.record.observedRecipients'), value: (r) => declared(r, (e) => e.observedBeyondDeclaration.recipients.map(recipientText)) },
  { header: t('csv.record.declaredAt'), value: (r) => declared(r, (e) => e.declaredAt) },
  { header: t('csv.record.firstAt'), value: (r) => undeclared(r, (e) => e.firstAt) },
  { header: t('csv.record.lastAt'), value: (r) => undeclared(r, (e) => e.lastAt) },
  { header: t('csv.record.events'), value: (r) => undeclared(r, (e) => e.events) },
  { header: t('csv.record.flag'), value: (r) => undeclared(r, (e) => e.flag) },
];
