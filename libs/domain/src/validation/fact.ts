import type { EmittableEventType } from '../catalog/event-catalog';
import type { EventDataByType } from '../catalog/event-data';

/** How an emitter names the person a fact is about: its own system and id, or the ledger's subjectId. */
export type SubjectReference = { system: string; externalId: string } | { subjectId: string };

/** A fact as an emitter sends it (the HTTP envelope of DESIGN.md), before anything is trusted. */
export interface FactEnvelope {
  id: string;
  type: string;
  occurredAt: string;
  subject?: SubjectReference;
  breachId?: string;
  recipientId?: string;
  activityId?: string;
  data: unknown;
  personal?: Record<string, string | number | boolean | null>;
}

/**
 * A fact that passed validation, with what can be derived filled in: the envelope with the
 * catalog's discriminated union of `type` and `data`. From here to the folds, `data` is narrowed
 * by `type`, never cast.
 */
export type Fact<T extends EmittableEventType = EmittableEventType> = {
  [K in T]: Omit<FactEnvelope, 'type' | 'data'> & { type: K; data: EventDataByType[K] };
}[T];
