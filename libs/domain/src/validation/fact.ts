/** How an emitter names the person a fact is about: its own system and id, or the ledger's subjectId. */
export type SubjectReference = { system: string; externalId: string } | { subjectId: string };

/** A fact as an emitter sends it (the HTTP envelope of DESIGN.md). */
export interface Fact {
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
