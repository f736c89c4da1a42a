import type { SubjectReference } from './fact';

/** The subject as the emitting system names it: `{system, externalId}`. */
export const subject = (system: string, externalId: string): SubjectReference => ({ system, externalId });

/** The subject by the id the ledger assigned it (an answer's `subjectId`). */
export const subjectById = (subjectId: string): SubjectReference => ({ subjectId });
