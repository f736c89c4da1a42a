import type { TFunction } from 'i18next';
import type { HistoryEvent } from '../api/types';

const list = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : '');

/** One line on what a fact says, from its non-personal data, in the console's language. */
export function describeFact(event: HistoryEvent, t: TFunction): string {
  const d = event.data;
  const values: Record<string, string> = {
    categories: list(d.categories),
    purpose: String(d.purpose ?? ''),
    legalBasis: d.legalBasis ? t(`legalBasis.${String(d.legalBasis)}`, { defaultValue: String(d.legalBasis) }) : '',
    system: String(d.system ?? ''),
    recipient: String(d.recipientId ?? d.authority ?? ''),
    requestId: String(d.requestId ?? ''),
    right: d.right ? t(`right.${String(d.right)}`, { defaultValue: String(d.right) }) : '',
    breachId: String(d.breachId ?? ''),
    country: String((d.transfer as { country?: string } | undefined)?.country ?? ''),
    safeguard: String((d.transfer as { safeguard?: string } | undefined)?.safeguard ?? ''),
    until: String(d.until ?? ''),
    groups: list(d.keyGroups),
    ground: String(d.ground ?? d.legalGround ?? ''),
  };
  const key = `fact.${event.type}`;
  const line = t(key, { ...values, defaultValue: '' });
  return line || values.categories;
}
