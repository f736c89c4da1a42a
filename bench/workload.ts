import { randomUUID } from 'node:crypto';
import type { Fact } from '@ledger/domain';

/** A deterministic pseudo-random sequence, so every run measures the same workload. */
export function rng(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RECIPIENTS = ['openprovider', 'cpanel', 'google-analytics', 'incasso-bv'];
const LINKED_BREACHES = 20;
const at = (r: () => number) => new Date(Date.UTC(2023, 0, 1) + Math.floor(r() * 3 * 365 * 86400_000)).toISOString();

/**
 * A realistic mix of the catalog over many subjects: mostly collection and sharing, some
 * consent, requests, exports, erasures and breach links, a few breach and registry facts.
 */
export function workload(events: number, subjects: number, seed = 42): Fact[] {
  const r = rng(seed);
  // The breaches the subjects' links name, recorded first: a link must name a detected breach.
  const facts: Fact[] = Array.from({ length: Math.min(LINKED_BREACHES, events) }, (_, b) => ({
    id: randomUUID(),
    occurredAt: '2023-01-01T00:00:00Z',
    type: 'BreachDetected',
    breachId: `B-${b}`,
    data: {
      awareAt: '2023-01-01T00:00:00Z',
      nature: ['confidentiality'],
      description: 'mail sent to the wrong customer',
      categories: ['user.contact.email'],
      approxSubjects: 1,
      approxRecords: 1,
      ongoing: false,
    },
  }));
  for (let i = facts.length; i < events; i++) {
    const n = Math.floor(r() * subjects);
    const subject = { system: n % 3 === 0 ? 'billing' : 'customer-portal', externalId: `C-${100000 + n}` };
    const roll = r();
    const base = { id: randomUUID(), occurredAt: at(r), subject };
    if (roll < 0.4) {
      facts.push({
        ...base,
        type: 'PersonalDataCollected',
        data: {
          categories: ['user.name', 'user.contact.email', 'user.contact.phone_number'],
          purpose: 'service',
          legalBasis: 'contract',
          source: 'data-subject',
          system: subject.system,
        },
        personal: { name: `Klant ${n}`, email: `klant${n}@example.nl`, phone: `+31 6 ${String(10000000 + n).slice(0, 8)}` },
      });
    } else if (roll < 0.6) {
      facts.push({
        ...base,
        type: 'PersonalDataSharedWithProcessor',
        data: {
          recipientId: RECIPIENTS[n % 4],
          categories: ['user.name', 'user.contact.email'],
          purpose: 'domain-registration',
          legalBasis: 'contract',
          transfer: { country: 'US', safeguard: 'dpf' },
        },
      });
    } else if (roll < 0.72) {
      facts.push({ ...base, type: 'ConsentGiven', data: { purpose: 'newsletter', categories: ['user.contact.email'] } });
    } else if (roll < 0.78) {
      facts.push({ ...base, type: 'ConsentWithdrawn', data: { purpose: 'newsletter' } });
    } else if (roll < 0.84) {
      facts.push({ ...base, type: 'SubjectRequestReceived', data: { requestId: `R-${i}`, right: r() < 0.5 ? 'access' : 'portability' } });
    } else if (roll < 0.9) {
      facts.push({ ...base, type: 'PersonalDataExported', data: { requestId: `R-${i}`, right: 'access', categories: ['user.name'], format: 'json' } });
    } else if (roll < 0.94) {
      facts.push({ ...base, type: 'ServiceEnded', data: { system: subject.system, allServices: r() < 0.5 } });
    } else if (roll < 0.97) {
      facts.push({ ...base, type: 'PersonalDataBreached', data: { breachId: `B-${n % LINKED_BREACHES}`, categories: ['user.contact.email'] } });
    } else if (roll < 0.99) {
      facts.push({
        id: base.id,
        occurredAt: base.occurredAt,
        type: 'BreachDetected',
        breachId: `B-${LINKED_BREACHES + i}`,
        data: {
          awareAt: base.occurredAt,
          nature: ['confidentiality'],
          description: 'mail sent to the wrong customer',
          categories: ['user.contact.email'],
          approxSubjects: 1,
          approxRecords: 1,
          ongoing: false,
        },
      });
    } else {
      facts.push({ id: base.id, occurredAt: base.occurredAt, type: 'RecipientUpdated', recipientId: RECIPIENTS[n % 4], data: { dpaReference: `DPA-${i}` } });
    }
  }
  return facts;
}
