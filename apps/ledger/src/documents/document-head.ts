import type { ControllerProfile } from '@ledger/domain';
import type { Messages } from '../i18n/translations';
import type { DocumentRow } from './ledger-document';

/** 2025-06-12T10:00:00Z → 2025-06-12 10:00 UTC: one unambiguous form in every language. */
export const formatInstant = (iso: string): string => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** 2025-06-12T10:00:00Z → 2025-06-12 */
export const formatDay = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/**
 * The head of a document an auditor files: the controller and its DPO (from the controller
 * profile), when it was made, and the log position it reflects — the facts up to that position
 * are what it shows, and the log's checkpoints and proofs (GET /v1/ledger/…) tie it to them.
 */
export function documentHead(m: Messages, controller: ControllerProfile | null, madeAt: string, position: number): DocumentRow[] {
  const { t } = m;
  return [
    {
      label: t('document.controller'),
      value: controller
        ? [controller.name, controller.address, controller.registration, controller.contact.email, controller.contact.phone].filter(Boolean).join('\n')
        : t('document.noProfile'),
    },
    ...(controller?.representative
      ? [
          {
            label: t('document.representative'),
            value: [controller.representative.name, controller.representative.address, controller.representative.email].filter(Boolean).join('\n'),
          },
        ]
      : []),
    ...(controller ? [{ label: t('document.dpo'), value: [controller.dpo.name, controller.dpo.email, controller.dpo.phone].filter(Boolean).join('\n') }] : []),
    { label: t('document.madeAt'), value: formatInstant(madeAt) },
    { label: t('document.position'), value: t('document.positionValue', { position }) },
  ];
}
