import type { AnyFactInput } from '../src';

/** The n-th of a series of small, valid facts, told apart by their consentRef. */
export const consentFact = (n: number, system = 'test-service'): AnyFactInput => ({
  type: 'ConsentGiven',
  subject: { system, externalId: `S-${n % 50}` },
  data: { purpose: 'newsletter', consentRef: `ref-${n}` },
});

export const refOf = (event: Record<string, any>): string | undefined => event.data?.consentRef;
