import type { CsvColumn } from '../exports/csv-export';
import type { Messages } from '../i18n/translations';
import type { FindingView } from './findings.controller';

/** The findings as CSV: one row per finding; its detail (clear, non-personal specifics) as JSON. */
export const findingColumns = ({ t }: Messages): CsvColumn<FindingView>[] => [
  { header: t('csv.findings.id'), value: (f) => f.id },
  { header: t('csv.findings.rule'), value: (f) => f.rule },
  { header: t('csv.findings.article'), value: (f) => f.article },
  { header: t('csv.findings.subjectId'), value: (f) => f.subjectId },
  { header: t('csv.findings.breachId'), value: (f) => f.breachId },
  { header: t('csv.findings.status'), value: (f) => f.status },
  { header: t('csv.findings.overdue'), value: (f) => f.overdue },
  { header: t('csv.findings.dueAt'), value: (f) => f.dueAt },
  { header: t('csv.findings.visibleFrom'), value: (f) => f.visibleFrom },
  { header: t('csv.findings.closedAt'), value: (f) => f.closedAt },
  { header: t('csv.findings.summary'), value: (f) => f.summary },
  { header: t('csv.findings.detail'), value: (f) => JSON.stringify(f.detail) },
];
