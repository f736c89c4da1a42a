import type { RecipientEntry } from '@ledger/projections';
import type { CsvColumn } from '../exports/csv-export';
import type { Messages } from '../i18n/translations';

/** The recipient register as CSV: one row per recipient. */
export const recipientColumns = ({ t }: Messages): CsvColumn<RecipientEntry>[] => [
  { header: t('csv.recipients.recipientId'), value: (r) => r.recipientId },
  { header: t('csv.recipients.name'), value: (r) => r.name },
  { header: t('csv.recipients.role'), value: (r) => r.role },
  { header: t('csv.recipients.country'), value: (r) => r.country },
  { header: t('csv.recipients.outsideEea'), value: (r) => r.outsideEea },
  { header: t('csv.recipients.safeguard'), value: (r) => r.safeguard },
  { header: t('csv.recipients.dpaReference'), value: (r) => r.dpaReference },
  { header: t('csv.recipients.registeredAt'), value: (r) => r.registeredAt },
  { header: t('csv.recipients.updatedAt'), value: (r) => r.updatedAt },
];
