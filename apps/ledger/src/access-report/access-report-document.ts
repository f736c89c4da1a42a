import type { AccessReport, ControllerProfile } from '@ledger/domain';
import { documentHead, formatDay } from '../documents/document-head';
import type { DocumentRow, DocumentSection, LedgerDocument } from '../documents/ledger-document';
import type { Messages } from '../i18n/translations';

/**
 * The answer to an access request as a letter-like document for the person: the sections follow
 * Art. 15(1)(a)–(h) and 15(2), then a copy of the personal data the ledger still holds.
 */
export function accessReportDocument(
  report: AccessReport,
  m: Messages,
  context: { controller: ControllerProfile | null; position: number; requestId?: string },
): LedgerDocument {
  const { t } = m;
  const list = (items: readonly string[]) => (items.length ? items.join(', ') : t('common.noneRecorded'));
  const basis = (b: string) => t(`vocab.legalBasis.${b}`, { defaultValue: b });
  const section = (key: string, rows: DocumentRow[], intro?: string): DocumentSection => ({
    title: t(`accessReport.section.${key}`),
    rows,
    ...(intro ? { intro } : {}),
  });
  const retentionOf = (c: AccessReport['categories'][number]) =>
    c.retainedUnder
      ? t('accessReport.retainedUntil', { until: formatDay(c.retentionUntil!), ground: c.retainedUnder })
      : c.erasedAt
        ? t('accessReport.erasedOn', { at: formatDay(c.erasedAt) })
        : c.retentionUntil
          ? t('accessReport.keptUntil', { until: formatDay(c.retentionUntil) })
          : t('accessReport.keptWhileNeeded');
  const account = report.retention.account;
  const sections: DocumentSection[] = [
    section(
      'purposes',
      report.purposes.map((p) => ({
        label: p.purpose,
        value: t('accessReport.purposeLine', { bases: p.legalBases.map(basis).join(', '), categories: list(p.categories) }),
      })),
    ),
    section(
      'categories',
      report.categories.map((c) => ({
        label: c.category,
        value: `${t(`accessReport.status.${c.status}`)}; ${t('accessReport.forPurposes', { purposes: list(c.purposes) })}`,
      })),
    ),
    section(
      'recipients',
      report.recipients.map((r) => ({
        label: r.name ? `${r.name} (${r.recipientId})` : r.recipientId,
        value: [
          r.role ? t(`vocab.role.${r.role}`, { defaultValue: r.role }) : undefined,
          r.country ? t(r.outsideEea ? 'accessReport.countryOutside' : 'accessReport.countryInside', { country: r.country }) : undefined,
          r.outsideEea
            ? t('accessReport.safeguard', {
                safeguard: r.safeguard ? t(`vocab.safeguard.${r.safeguard}`, { defaultValue: r.safeguard }) : t('vocab.safeguard.none'),
              })
            : undefined,
          t('accessReport.received', { categories: list(r.categories) }),
        ]
          .filter(Boolean)
          .join('\n'),
      })),
      report.recipients.length ? t('accessReport.recipientsIntro') : t('accessReport.noRecipients'),
    ),
    section('retention', [
      ...report.categories.map((c) => ({ label: c.category, value: retentionOf(c) })),
      ...(account
        ? [
            {
              label: t('accessReport.account'),
              value: account.deleteBy
                ? t('accessReport.accountEnded', {
                    months: account.months,
                    ended: formatDay(account.allServicesEndedAt!),
                    deleteBy: formatDay(account.deleteBy),
                  })
                : t('accessReport.accountActive', { months: account.months }),
            },
          ]
        : []),
      ...report.retention.declared.map((d) => ({ label: d.name, value: d.retention })),
    ]),
    section(
      'rights',
      report.rights.map((r) => ({ label: t(`accessReport.right.${r.right}`), value: r.article })),
    ),
    section('complaint', [
      {
        label: t('accessReport.authority'),
        value: report.supervisoryAuthority
          ? [report.supervisoryAuthority.name, report.supervisoryAuthority.url].filter(Boolean).join('\n')
          : t('document.noProfile'),
      },
    ]),
    section(
      'sources',
      report.sources.map((s) => ({ label: t(`vocab.source.${s.source}`, { defaultValue: s.source }), value: list(s.categories) })),
    ),
    section('automated', [{ label: t('accessReport.automated'), value: t('accessReport.automatedNone') }]),
    section(
      'copy',
      report.personalData.map((v) => ({
        label: v.field.startsWith('externalId:') ? t('accessReport.externalId', { system: v.field.slice('externalId:'.length) }) : v.field,
        value: `${v.value ?? ''}`,
      })),
      report.personalData.length ? t('accessReport.copyIntro') : t('accessReport.copyNone'),
    ),
  ];
  return {
    lang: m.lang,
    title: t('accessReport.title'),
    subtitle: t(context.requestId ? 'accessReport.subtitleRequest' : 'accessReport.subtitle', { subjectId: report.subjectId, requestId: context.requestId }),
    head: documentHead(m, context.controller, report.generatedAt, context.position),
    sections,
    footer: t('accessReport.footer', { subjectId: report.subjectId, position: context.position }),
    pageLabel: t('document.page'),
    createdAt: report.generatedAt,
  };
}
