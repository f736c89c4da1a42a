import type { EmittableEventType } from '../catalog/event-catalog';
import type { Fact, FactEnvelope } from './fact';
import { Problem, problem } from './problem';

/**
 * Types whose `data.system` may be left out: it is the system that names the subject
 * (`subject.system`), which the envelope says already. A fact that parses is not refused for
 * want of what it already says.
 */
export const SYSTEM_DERIVED_TYPES = [
  'PersonalDataCollected',
  'PersonalDataErased',
  'PersonalDataRectified',
  'ServiceEnded',
  'ServiceStarted',
  'ProcessingRestricted',
  'ProcessingRestrictionLifted',
] as const satisfies readonly EmittableEventType[];

const derivesSystem = (type: string): boolean => (SYSTEM_DERIVED_TYPES as readonly string[]).includes(type);

const isObject = (data: unknown): data is Record<string, unknown> => typeof data === 'object' && data !== null && !Array.isArray(data);
const hasSystem = (data: unknown): boolean => isObject(data) && data.system !== undefined;

/**
 * A subject named by its subjectId says no system: then `data.system` cannot be derived and is
 * required. (Looking it up in the key vault was rejected: a subject may be named by several
 * systems, and which one holds the data is what the fact must say.)
 */
export function derivableFieldProblems(envelope: FactEnvelope): Problem[] {
  if (!derivesSystem(envelope.type) || hasSystem(envelope.data) || !envelope.subject || !('subjectId' in envelope.subject)) return [];
  return [
    problem(
      'data.system',
      'is required when the subject is named by subjectId (it defaults to subject.system only when the subject is named by system and externalId)',
    ),
  ];
}

/**
 * The fact as it is recorded, for an envelope FactValidator found no problem with: `data.system`
 * filled in from `subject.system` where it was left out. The one place where an envelope becomes
 * a typed Fact: validation has checked `type` and `data` against the catalog.
 */
export function recordableFact(envelope: FactEnvelope): Fact {
  const subject = envelope.subject;
  const { data } = envelope;
  if (!derivesSystem(envelope.type) || !isObject(data) || data.system !== undefined || !subject || !('system' in subject)) return envelope as Fact;
  return { ...envelope, data: { ...data, system: subject.system } } as Fact;
}
