import type { LedgerEvent } from '../catalog/event-data';
import type { SubjectRight } from '../catalog/vocabulary';

/**
 * What answers which data-subject request (Art. 12(3) asks for an answer "on action taken"):
 * - access (Art. 15): an export for access, or a reasoned refusal;
 * - portability (Art. 20): an export for portability in a structured, machine-readable format;
 * - erasure (Art. 17): every system that holds the subject's data reported its erasure (the
 *   findings check that against the profile), or a refusal on an Art. 17(3) ground (or 12(2)/12(5));
 * - rectification (Art. 16): a rectification; restriction (Art. 18): ProcessingRestricted;
 *   objection (Art. 21): the objection recorded, or compelling grounds shown (ObjectionOverridden);
 *   each of these, or a reasoned refusal.
 * A fact answers only the request it names; one recorded before its request still answers it.
 */
export interface AnswerFact {
  type: string;
  at: string;
  eventId: string;
  /** Exports: the right and format. Refusals: the ground. */
  right?: string;
  format?: string;
  ground?: string;
}

/** Formats a portability export may take (Art. 20(1): structured, commonly used, machine-readable). */
export const STRUCTURED_FORMATS: ReadonlySet<string> = new Set([
  'json',
  'jsonl',
  'ndjson',
  'csv',
  'tsv',
  'xml',
  'yaml',
  'xlsx',
  'ods',
  'parquet',
  'vcf',
  'ics',
]);

const ERASURE_REFUSAL_GROUNDS: ReadonlySet<string> = new Set(['art12-5', 'art12-2', 'art17-3a', 'art17-3b', 'art17-3c', 'art17-3d', 'art17-3e']);

/** The fact as a possible answer to the request it names, or undefined when it names none. */
export function answerFact(event: LedgerEvent): { requestId: string; answer: AnswerFact } | undefined {
  const base = { type: event.type, at: event.occurredAt, eventId: event.id };
  switch (event.type) {
    case 'PersonalDataExported':
      return { requestId: event.data.requestId, answer: { ...base, right: event.data.right, format: event.data.format } };
    case 'SubjectRequestRejected':
      return { requestId: event.data.requestId, answer: { ...base, ...(event.data.ground ? { ground: event.data.ground } : {}) } };
    case 'PersonalDataErased':
    case 'PersonalDataRectified':
    case 'ProcessingRestricted':
    case 'ObjectionRecorded':
    case 'ObjectionOverridden':
      return event.data.requestId === undefined ? undefined : { requestId: event.data.requestId, answer: base };
    default:
      return undefined;
  }
}

/** Whether `answer` answers a request for `right`. */
export function answers(right: SubjectRight, answer: AnswerFact): boolean {
  if (answer.type === 'SubjectRequestRejected') return right !== 'erasure' || (answer.ground !== undefined && ERASURE_REFUSAL_GROUNDS.has(answer.ground));
  switch (right) {
    case 'access':
      return answer.type === 'PersonalDataExported' && answer.right === 'access';
    case 'portability':
      return answer.type === 'PersonalDataExported' && answer.right === 'portability' && STRUCTURED_FORMATS.has((answer.format ?? '').toLowerCase());
    case 'erasure':
      return answer.type === 'PersonalDataErased';
    case 'rectification':
      return answer.type === 'PersonalDataRectified';
    case 'restriction':
      return answer.type === 'ProcessingRestricted';
    case 'objection':
      return answer.type === 'ObjectionRecorded' || answer.type === 'ObjectionOverridden';
  }
}
