import { randomUUID } from 'node:crypto';

/** A fact on a breach's stream, as an emitter sends it. */
export const breachFact = (breachId: string, type: string, occurredAt: string, data: Record<string, unknown>) => ({
  id: randomUUID(),
  type,
  occurredAt,
  breachId,
  data,
});

/** A BreachDetected with every Art. 33(3)(a) fact; `overrides` replace or remove (undefined) fields. */
export const detection = (breachId: string, awareAt: string, overrides: Record<string, unknown> = {}) =>
  breachFact(breachId, 'BreachDetected', awareAt, {
    awareAt,
    nature: ['confidentiality'],
    description: `Breach ${breachId}`,
    categories: ['user.contact.email'],
    subjectCategories: ['customers'],
    approxSubjects: 10,
    approxRecords: 10,
    ongoing: false,
    ...overrides,
  });

/** `hours` before or after `iso`, as an ISO instant. */
export const hoursFrom = (iso: string, hours: number): string => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
