import { recipientText } from './record-columns';
import type { RecordOfProcessing } from '@ledger/domain';
import { documentHead, formatInstant } from '../documents/document-head';
import type { DocumentRow, LedgerDocument } from '../documents/ledger-document';
import type { Messages } from '../i18n/translations';

/**
 * The Art. 30(1) record as a document an auditor can file: (a) the controller, its
 * representative and DPO in the head; per declared activity (b) purposes, (c) categories of
 * subjects and data, (d) recipients with their countries, (e) transfers and safeguards, (f)
 * retention, (g) security measures; then the processing the ledger observed that no
 * declared activity covers.
 */
export function recordDocument(record: RecordOfProcessing, m: Messages, position: number): LedgerDocument {
  const { t } = m;
  const list = (items: readonly string[]) => (items.length ? items.join(', ') : t('common.noneRecorded'));
  const row = (key: string, value: string): DocumentRow => ({ label: t(`record.row.${key}`), value });
  const country = (c?: string, outside?: boolean, safeguard?: string) =>
    c
      ? ` (${[c, outside ? t('record.outsideEea') : t('record.insideEea'), safeguard ? t(`vocab.safeguard.${safeguard}`, { defaultValue: safeguard }) : undefined].filter(Boolean).join(', ')})`
      : '';
  const activities = record.activities.map((a) => ({
    title: `${a.name} (${a.activityId})`,
    rows: [
      row('purposes', list(a.purposes)),
      row('legalBasis', t(`vocab.legalBasis.${a.legalBasis}`, { defaultValue: a.legalBasis })),
      row('subjectCategories', list(a.subjectCategories)),
      row('dataCategories', list(a.dataCategories)),
      row(
        'recipients',
        a.recipients.length
          ? a.recipients.map((r) => `${r.name ?? r.recipientId}${country(r.country, r.outsideEea, r.safeguard)}`).join('\n')
          : t('common.noneRecorded'),
      ),
      row(
        'transfers',
        a.transfers.length
          ? a.transfers
              .map((x) => `${x.country}: ${t(`vocab.safeguard.${x.safeguard}`, { defaultValue: x.safeguard })}${x.recipientId ? ` (${x.recipientId})` : ''}`)
              .join('\n')
          : t('record.noTransfers'),
      ),
      row('retention', a.retention),
      row('securityMeasures', a.securityMeasures),
      ...(a.systems.length ? [row('systems', list(a.systems))] : []),
      ...(a.observedBeyondDeclaration.categories.length || a.observedBeyondDeclaration.recipients.length
        ? [
            row(
              'observedBeyond',
              [
                a.observedBeyondDeclaration.categories.length
                  ? t('record.observedCategories', { categories: a.observedBeyondDeclaration.categories.join(', ') })
                  : undefined,
                a.observedBeyondDeclaration.recipients.length
                  ? t('record.observedRecipients', { recipients: a.observedBeyondDeclaration.recipients.map(recipientText).join(', ') })
                  : undefined,
              ]
                .filter(Boolean)
                .join('\n'),
            ),
          ]
        : []),
      row('declaredAt', formatInstant(a.declaredAt)),
    ],
  }));
  const undeclared = record.undeclaredProcessing.map((u) => ({
    title: t('record.undeclaredTitle', { purpose: u.purpose }),
    intro: t('record.undeclaredFlag'),
    rows: [
      row('legalBasis', u.legalBases.map((b) => t(`vocab.legalBasis.${b}`, { defaultValue: b })).join(', ')),
      row('dataCategories', list(u.categories)),
      row('recipients', list(u.recipients.map(recipientText))),
      row('systems', list(u.systems)),
      row('observed', t('record.observedPeriod', { from: formatInstant(u.firstAt), to: formatInstant(u.lastAt), events: m.number(u.events) })),
    ],
  }));
  const security = record.controller?.securityMeasures;
  return {
    lang: m.lang,
    title: t('record.title'),
    subtitle: t('record.subtitle'),
    head: documentHead(m, record.controller, record.generatedAt, position),
    sections: [
      ...(activities.length ? activities : [{ title: t('record.noActivities'), rows: [] }]),
      ...undeclared,
      ...(security ? [{ title: t('record.generalSecurity'), rows: [row('securityMeasures', security)] }] : []),
    ],
    footer: t('record.footer', { controller: record.controller?.name ?? '', position }),
    pageLabel: t('document.page'),
    createdAt: record.generatedAt,
  };
}
