/**
 * Issue 20: the test builders are typed by the catalog, so a misspelt field fails to compile.
 * `npm test` type-checks this file (tsc --noEmit over test/): each @ts-expect-error line must
 * really be an error, or the type check fails. Never run; only compiled.
 */
import type { BreachEventType, JsonSchema } from '@ledger/domain';
import { event, fact as decided } from '@ledger/domain/testing/facts';
import { fact } from './support/facts';

const subject = { system: 'customer-portal', externalId: 'C-1001' };

export function compiles(): void {
  fact('PersonalDataCollected', { subject, data: { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' } });
  fact('SubjectRequestReceived', { subject, data: { requestId: 'R-1', right: 'erasure', ground: 'art17-1a', note: 'by phone' } });
  decided('PersonalDataErased', { ground: 'subject-request', system: 'portal', categories: ['user.name'] });
  event('BreachAssessed', { risk: 'high', consequences: 'phishing' });
}

export function misspeltFields(): void {
  // @ts-expect-error "purpse" is not a field of PersonalDataCollected
  fact('PersonalDataCollected', { subject, data: { categories: ['user.name'], purpse: 'service', legalBasis: 'contract', source: 'data-subject' } });
  // @ts-expect-error "recipient" is not a field of RecipientNotifiedOfErasure (it is recipientId)
  decided('RecipientNotifiedOfErasure', { recipient: 'cpanel' });
  event('BreachDetected', {
    // @ts-expect-error "awareat" is not a field of BreachDetected
    awareat: '2025-01-01T00:00:00Z',
    nature: ['confidentiality'],
    description: 'x',
    categories: ['user.name'],
    approxSubjects: 1,
    approxRecords: 1,
    ongoing: false,
  });
}

export function wrongVocabulary(): void {
  // @ts-expect-error "art17-1g" is not an Art. 17(1) ground
  fact('SubjectRequestReceived', { subject, data: { requestId: 'R-1', right: 'erasure', ground: 'art17-1g' } });
  // @ts-expect-error "severe" is not a breach risk
  event('BreachAssessed', { risk: 'severe', consequences: 'phishing' });
}

export function wrongStream(): void {
  // @ts-expect-error a breach fact names its breach, not a subject
  fact('BreachAssessed', { subject, data: { risk: 'high', consequences: 'phishing' } });
}

/** The catalog's schema maps are checked the same way (catalog/schemas/*: `satisfies Record<…EventType, JsonSchema>`). */
const schema: JsonSchema = { type: 'object' };
const breachSchemas = {
  BreachDetected: schema,
  BreachAssessed: schema,
  BreachMeasuresTaken: schema,
  AuthorityNotified: schema,
  SubjectsNotified: schema,
  SubjectNotificationExempted: schema,
};
export const complete = { ...breachSchemas, BreachClosed: schema } satisfies Record<BreachEventType, JsonSchema>;
// @ts-expect-error a schema map without BreachClosed does not compile
export const missing = { ...breachSchemas } satisfies Record<BreachEventType, JsonSchema>;
// @ts-expect-error nor one with a type the union does not have
export const extra = { ...breachSchemas, BreachClosed: schema, BreachReopened: schema } satisfies Record<BreachEventType, JsonSchema>;
