/**
 * Issue 16: the client's types come from the ledger's catalog, so mistakes fail to compile.
 * `npm test` type-checks this file (tsc --noEmit over test/): each @ts-expect-error line must
 * really be an error, or the type check fails. test/client-types.spec.ts checks which error.
 * Never run; only compiled.
 */
import { LedgerClient, facts, subject } from '@privacy-ledger/client';

declare const ledger: LedgerClient;
const customer = subject('customer-portal', 'C-1001');

export async function compiles(): Promise<void> {
  await ledger.personalDataCollected({
    subject: customer,
    data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'customer-portal' },
    personal: { email: 'jan@example.nl' },
  });
  await ledger.record(facts.breachAssessed({ breachId: 'B-1', data: { risk: 'high', consequences: 'phishing' } }));
}

export async function misspeltField(): Promise<void> {
  await ledger.personalDataCollected({
    subject: customer,
    // @ts-expect-error "purpse" is not a field of PersonalDataCollected
    data: { categories: ['user.contact.email'], purpse: 'service', legalBasis: 'contract', source: 'data-subject', system: 'customer-portal' },
  });
}

export async function wrongLegalBasis(): Promise<void> {
  await ledger.personalDataSharedWithProcessor({
    subject: customer,
    // @ts-expect-error "contrakt" is not an Art. 6(1) legal basis
    data: { recipientId: 'mailer', categories: ['user.contact.email'], purpose: 'newsletter', legalBasis: 'contrakt' },
  });
}

export async function wrongVocabularyInRecord(): Promise<void> {
  await ledger.record({
    type: 'SubjectRequestReceived',
    subject: customer,
    // @ts-expect-error "forget-me" is not a subject right
    data: { requestId: 'R-1', right: 'forget-me' },
  });
}

export async function wrongStream(): Promise<void> {
  // @ts-expect-error a breach fact names its breach, not a subject
  await ledger.breachAssessed({ subject: customer, data: { risk: 'high', consequences: 'phishing' } });
}
