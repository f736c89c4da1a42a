import type { CsvColumn } from '../exports/csv-export';
import type { Messages } from '../i18n/translations';
import type { RecordedSubjectRead } from './subject-read';

/** The access audit log as CSV: one row per read. */
export const accessAuditColumns = ({ t }: Messages): CsvColumn<RecordedSubjectRead>[] => [
  { header: t('csv.audit.id'), value: (r) => r.id },
  { header: t('csv.audit.at'), value: (r) => r.at },
  { header: t('csv.audit.keyId'), value: (r) => r.keyId },
  { header: t('csv.audit.keyName'), value: (r) => r.keyName },
  { header: t('csv.audit.role'), value: (r) => r.role },
  { header: t('csv.audit.subjectId'), value: (r) => r.subjectId },
  { header: t('csv.audit.system'), value: (r) => r.system },
  { header: t('csv.audit.outcome'), value: (r) => r.outcome },
  { header: t('csv.audit.purpose'), value: (r) => r.purpose },
  { header: t('csv.audit.route'), value: (r) => r.route },
];
