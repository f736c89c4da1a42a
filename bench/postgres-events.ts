import { randomBytes } from 'node:crypto';
import type { NewEvent } from '@ledger/event-store';
import { rng } from './workload';

const TYPES = ['PersonalDataCollected', 'PersonalDataSharedWithProcessor', 'ConsentGiven', 'SubjectRequestReceived', 'PersonalDataExported'];

/**
 * Store-level events shaped like the ledger's: a subject stream, catalog data with a sealed
 * personal value (about 400 bytes of canonical JSON each), deterministic given the seed, so
 * that separate processes can each take a slice of the same workload.
 */
export function postgresBenchEvents(events: number, streams: number, seed = 7): { streamId: string; event: NewEvent }[] {
  const r = rng(seed);
  const sealed = randomBytes(96).toString('base64');
  return Array.from({ length: events }, (_, i) => {
    const n = Math.floor(r() * streams);
    return {
      streamId: `subject-bench-${n}`,
      event: {
        id: `00000000-0000-4000-8000-${(seed * 1e9 + i).toString(16).padStart(12, '0')}`,
        type: TYPES[i % TYPES.length],
        data: {
          categories: ['user.contact.email', 'user.name'],
          purpose: 'service',
          legalBasis: 'contract',
          source: 'data-subject',
          system: 'customer-portal',
          personal: { v: 1, group: 'contact', iv: sealed.slice(0, 16), ct: sealed },
        },
        metadata: { subjectId: `019a0000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`, keyId: 'bench', occurredAt: '2026-01-01T00:00:00.000Z' },
      },
    };
  });
}
