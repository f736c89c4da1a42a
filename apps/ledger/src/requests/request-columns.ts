import type { CsvColumn } from '../exports/csv-export';
import type { Messages } from '../i18n/translations';
import type { RequestEntry } from './request-register.service';

/** The DSR register as CSV: one row per request, headers in the reader's language. */
export const requestColumns = ({ t }: Messages): CsvColumn<RequestEntry>[] => [
  { header: t('csv.requests.requestId'), value: (r) => r.requestId },
  { header: t('csv.requests.subjectId'), value: (r) => r.subjectId },
  { header: t('csv.requests.right'), value: (r) => r.right },
  { header: t('csv.requests.receivedAt'), value: (r) => r.receivedAt },
  { header: t('csv.requests.dueAt'), value: (r) => r.dueAt },
  { header: t('csv.requests.extendedUntil'), value: (r) => r.extendedUntil },
  { header: t('csv.requests.extensionReason'), value: (r) => r.extensionReason },
  { header: t('csv.requests.answeredAt'), value: (r) => r.answeredAt },
  { header: t('csv.requests.answeredByType'), value: (r) => r.answeredBy?.type },
  { header: t('csv.requests.answeredByEventId'), value: (r) => r.answeredBy?.eventId },
  { header: t('csv.requests.status'), value: (r) => r.status },
];
