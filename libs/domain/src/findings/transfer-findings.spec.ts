import type { EventDataByType, LedgerEvent, LedgerEventType } from '../catalog/event-data';
import { emptyProfile, evolveProfileIn } from '../read-models/subject-profile';
import { event } from '../testing/facts';
import { subjectFindings } from './subject-findings';

const e = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => event(type, data, occurredAt);
const collected = e('PersonalDataCollected', '2023-01-01T00:00:00Z', {
  categories: ['user.name'],
  purpose: 'service',
  legalBasis: 'contract',
  source: 'data-subject',
  system: 'portal',
});
const share = (at: string, recipientId: string, transfer?: EventDataByType['PersonalDataSharedWithProcessor']['transfer']) =>
  e('PersonalDataSharedWithProcessor', at, {
    recipientId,
    categories: ['user.name'],
    purpose: 'hosting',
    legalBasis: 'contract',
    ...(transfer ? { transfer } : {}),
  });

/** Folds with a register that changes along the log (a recipient moves), as the projection's does. */
function transferFindings(steps: (LedgerEvent | { move: string; country: string; safeguard?: string })[]) {
  const register = new Map<string, { country: string; safeguard?: string }>();
  const evolve = evolveProfileIn({ registeredTransfer: (id) => register.get(id) });
  let profile = emptyProfile('S', '2023-01-01T00:00:00Z');
  for (const step of steps) {
    if ('move' in step) register.set(step.move, { country: step.country, ...(step.safeguard ? { safeguard: step.safeguard } : {}) });
    else profile = evolve(profile, step);
  }
  return subjectFindings(profile, { accountRetentionMonths: 24, recipientCountry: (id) => register.get(id) }).filter(
    (f) => f.rule === 'transfer-without-safeguard',
  );
}

describe('transfer findings (Chapter V), fixed when the data is shared', () => {
  it('finds no fault with a share to Switzerland without a safeguard', () => {
    expect(transferFindings([collected, share('2024-03-02T09:00:00Z', 'swiss', { country: 'CH', safeguard: 'none' })])).toEqual([]);
    expect(transferFindings([{ move: 'swiss', country: 'CH' }, collected, share('2024-03-02T09:00:00Z', 'swiss')])).toEqual([]);
  });

  it('finds a US dpf share before 10 July 2023, not one after', () => {
    const before = transferFindings([collected, share('2023-05-02T09:05:00Z', 'cpanel', { country: 'US', safeguard: 'dpf' })]);
    // The DPF decision covered the same transfer from 10 July 2023: the gap is closed on that day, and both dates stay.
    expect(before).toEqual([
      expect.objectContaining({
        dueAt: '2023-05-02T09:05:00.000Z',
        status: 'closed',
        closedAt: '2023-07-10T00:00:00.000Z',
        detail: expect.objectContaining({ problem: 'dpf-not-in-force', country: 'US', coveredFrom: '2023-07-10' }),
      }),
    ]);
    expect(transferFindings([collected, share('2023-07-10T09:05:00Z', 'cpanel', { country: 'US', safeguard: 'dpf' })])).toEqual([]);
  });

  it('keeps open a transfer no later decision covers: India without a safeguard', () => {
    const india = transferFindings([collected, share('2024-03-02T09:00:00Z', 'r', { country: 'IN', safeguard: 'none' })]);
    expect(india).toEqual([expect.objectContaining({ status: 'open', detail: expect.objectContaining({ problem: 'no-safeguard' }) })]);
    expect(india[0].closedAt).toBeUndefined();
  });

  it('judges a share by where the register put the recipient then, not where it is now', () => {
    // Shared while the recipient was in Switzerland; it moves to India later: no finding.
    expect(transferFindings([{ move: 'r', country: 'CH' }, collected, share('2024-03-02T09:00:00Z', 'r'), { move: 'r', country: 'IN' }])).toEqual([]);
    // Shared while in India without safeguard; it moves to Switzerland later: the finding stays.
    const moved = transferFindings([{ move: 'r', country: 'IN' }, collected, share('2024-03-02T09:00:00Z', 'r'), { move: 'r', country: 'CH' }]);
    expect(moved).toEqual([expect.objectContaining({ detail: expect.objectContaining({ country: 'IN', problem: 'no-safeguard' }) })]);
  });

  it('treats Réunion as inside the EEA', () => {
    expect(transferFindings([collected, share('2024-03-02T09:00:00Z', 'reunion', { country: 'RE', safeguard: 'none' })])).toEqual([]);
  });
});

describe('a decision that lapses between shares', () => {
  it('judges the latest share too: GB shares before and after the end of its decision', () => {
    const gb = (at: string) => share(at, 'uk-host', { country: 'GB', safeguard: 'adequacy' });
    expect(transferFindings([collected, gb('2030-01-01T00:00:00Z')])).toEqual([]);
    expect(transferFindings([collected, gb('2030-01-01T00:00:00Z'), gb('2032-02-01T00:00:00Z')])).toEqual([
      expect.objectContaining({ dueAt: '2032-02-01T00:00:00.000Z', detail: expect.objectContaining({ problem: 'no-adequacy-decision' }) }),
    ]);
    // Recorded out of order: the same.
    expect(transferFindings([collected, gb('2032-02-01T00:00:00Z'), gb('2030-01-01T00:00:00Z')])).toHaveLength(1);
  });
});
