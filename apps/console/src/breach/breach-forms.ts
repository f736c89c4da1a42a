import { ART34_EXEMPTIONS, BREACH_NATURES, BREACH_RISKS, BreachEventType, MEASURE_STATUSES, NOTIFICATION_PHASES } from '../domain';
import { wallTimeToInstant } from '../format/zoned-time';

/** How an input reads its value and what it sends in the fact's `data`. */
export type FieldKind =
  | { kind: 'instant' }
  | { kind: 'text' }
  | { kind: 'textarea' }
  | { kind: 'count' }
  | { kind: 'boolean' }
  /** Comma-separated words: categories, categories of subjects. */
  | { kind: 'list' }
  | { kind: 'choice'; options: readonly string[]; vocabulary: string }
  | { kind: 'choices'; options: readonly string[]; vocabulary: string };

export type FieldDef = FieldKind & { name: string; required?: boolean };

/**
 * The data of each breach fact, as the catalog's JSON Schemas define it
 * (libs/domain/src/catalog/schemas/breach-event-schemas.ts). The ledger validates; the form
 * only collects, and shows the ledger's message for each field beside its input.
 */
export const BREACH_FORMS: Record<BreachEventType, readonly FieldDef[]> = {
  BreachDetected: [
    { name: 'awareAt', kind: 'instant', required: true },
    { name: 'startedAt', kind: 'instant' },
    { name: 'endedAt', kind: 'instant' },
    { name: 'nature', kind: 'choices', options: BREACH_NATURES, vocabulary: 'nature', required: true },
    { name: 'description', kind: 'textarea', required: true },
    { name: 'categories', kind: 'list', required: true },
    { name: 'subjectCategories', kind: 'list' },
    { name: 'approxSubjects', kind: 'count', required: true },
    { name: 'approxRecords', kind: 'count', required: true },
    { name: 'ongoing', kind: 'boolean' },
    { name: 'detectedBy', kind: 'text' },
  ],
  BreachAssessed: [
    { name: 'risk', kind: 'choice', options: BREACH_RISKS, vocabulary: 'risk', required: true },
    { name: 'consequences', kind: 'textarea', required: true },
    { name: 'measuresInPlace', kind: 'textarea' },
    { name: 'approxSubjects', kind: 'count' },
    { name: 'approxRecords', kind: 'count' },
    { name: 'endedAt', kind: 'instant' },
  ],
  BreachMeasuresTaken: [
    { name: 'measures', kind: 'textarea', required: true },
    { name: 'status', kind: 'choice', options: MEASURE_STATUSES, vocabulary: 'measureStatus', required: true },
  ],
  AuthorityNotified: [
    { name: 'authority', kind: 'text', required: true },
    { name: 'phase', kind: 'choice', options: NOTIFICATION_PHASES, vocabulary: 'phase', required: true },
    { name: 'reference', kind: 'text' },
    { name: 'delayReason', kind: 'textarea' },
    { name: 'pendingInformation', kind: 'textarea' },
  ],
  SubjectsNotified: [
    { name: 'channel', kind: 'text', required: true },
    { name: 'approxSubjects', kind: 'count' },
    { name: 'message', kind: 'textarea' },
  ],
  SubjectNotificationExempted: [
    { name: 'ground', kind: 'choice', options: ART34_EXEMPTIONS, vocabulary: 'exemption', required: true },
    { name: 'explanation', kind: 'textarea', required: true },
  ],
  BreachClosed: [{ name: 'summary', kind: 'textarea' }],
};

/** What the inputs hold: text for most, a list of values for multiple choices, a flag for a checkbox. */
export type FormValues = Record<string, string | string[] | boolean>;

export function emptyValues(fields: readonly FieldDef[]): FormValues {
  return Object.fromEntries(fields.map((f) => [f.name, f.kind === 'choices' ? [] : f.kind === 'boolean' ? false : '']));
}

/**
 * The fact's `data` from the inputs. Empty optional inputs are left out; anything typed goes to
 * the ledger as typed (a count that is not a number goes as text), so that the ledger's own
 * validation names the problem.
 */
export function toData(fields: readonly FieldDef[], values: FormValues, timeZone: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    switch (field.kind) {
      case 'boolean':
        data[field.name] = value === true;
        break;
      case 'choices':
        if ((value as string[]).length) data[field.name] = value;
        break;
      case 'list': {
        const items = String(value)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (items.length) data[field.name] = items;
        break;
      }
      case 'count': {
        const text = String(value).trim();
        if (text) data[field.name] = /^-?\d+$/.test(text) ? Number(text) : text;
        break;
      }
      case 'instant': {
        const text = String(value);
        if (text) data[field.name] = wallTimeToInstant(text, timeZone) ?? text;
        break;
      }
      default: {
        const text = String(value).trim();
        if (text) data[field.name] = text;
      }
    }
  }
  return data;
}
