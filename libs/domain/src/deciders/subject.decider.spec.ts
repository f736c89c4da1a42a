import { CommandRefused, NewFact, fold } from './decider';
import { keysDue, nextRetentionExpiry, subjectDecider } from './subject.decider';

let n = 0;
const fact = (type: string, occurredAt: string, data: Record<string, unknown>): NewFact => ({ id: `e${++n}`, type, occurredAt, data });
const state = (...facts: NewFact[]) => fold(subjectDecider, facts);

const collected = fact('PersonalDataCollected', '2023-05-01T00:00:00Z', { categories: ['user.name', 'user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'portal' });
const invoice = fact('PersonalDataCollected', '2023-05-31T00:00:00Z', { categories: ['user.financial.bank_account'], purpose: 'invoicing', legalBasis: 'legal-obligation', source: 'data-subject', system: 'portal' });
const shared = fact('PersonalDataSharedWithProcessor', '2023-05-02T00:00:00Z', { recipientId: 'cpanel', categories: ['user.name'], purpose: 'hosting', legalBasis: 'contract' });
const requested = fact('SubjectRequestReceived', '2025-02-03T00:00:00Z', { requestId: 'R', right: 'erasure' });
const erased = fact('PersonalDataErased', '2025-02-10T00:00:00Z', {
  requestId: 'R', ground: 'subject-request', system: 'portal', categories: ['user.name', 'user.contact.email'],
  retained: [{ categories: ['user.financial.bank_account'], legalGround: 'AWR', until: '2032-12-31' }],
});
const cpanelTold = fact('RecipientNotifiedOfErasure', '2025-02-11T00:00:00Z', { recipientId: 'cpanel' });
const shred = (at: string) => ({ type: 'ShredDueKeys' as const, eventId: `s${++n}`, at });

describe('subject decider: the erasure workflow', () => {
  it('records any fact as it is', () => {
    expect(subjectDecider.decide({ type: 'RecordFact', fact: collected }, subjectDecider.initialState())).toEqual([collected]);
  });

  it('shreds nothing while a recipient of erased data has not been told', () => {
    expect(subjectDecider.decide(shred('2025-03-01T00:00:00Z'), state(collected, invoice, shared, requested, erased))).toEqual([]);
  });

  it('shreds nothing while a system that holds data has not reported its erasure', () => {
    const elsewhere = fact('PersonalDataCollected', '2023-06-01T00:00:00Z', { categories: ['user.name'], purpose: 'support', legalBasis: 'contract', source: 'data-subject', system: 'helpdesk' });
    expect(subjectDecider.decide(shred('2025-03-01T00:00:00Z'), state(collected, elsewhere, requested, erased))).toEqual([]);
  });

  it('shreds identity and contact once every recipient is told, keeping the fiscal group', () => {
    const [proof] = subjectDecider.decide(shred('2025-03-01T00:00:00Z'), state(collected, invoice, shared, requested, erased, cpanelTold));
    expect(proof).toMatchObject({
      type: 'SubjectDataShredded',
      occurredAt: '2025-03-01T00:00:00Z',
      data: { keyGroups: ['identity', 'contact'], reason: 'erasure', requestId: 'R', categories: ['user.contact.email', 'user.name'] },
    });
  });

  it('shreds the fiscal group when its retention ends, and then nothing more', () => {
    const s = state(collected, invoice, shared, requested, erased, cpanelTold, fact('SubjectDataShredded', '2025-03-01T00:00:00Z', { keyGroups: ['identity', 'contact'], reason: 'erasure' }));
    expect(nextRetentionExpiry(s)).toBe('2032-12-31');
    expect(keysDue(s, '2032-12-30T23:59:59Z')).toEqual([]);
    const [proof] = subjectDecider.decide(shred('2033-01-01T00:00:00Z'), s);
    expect(proof.data).toMatchObject({ keyGroups: ['fiscal'], reason: 'retention-expired', categories: ['user.financial.bank_account'] });
    const after = subjectDecider.evolve(s, proof);
    expect(subjectDecider.decide(shred('2040-01-01T00:00:00Z'), after)).toEqual([]);
    expect(nextRetentionExpiry(after)).toBeUndefined();
  });

  it('records an erasure request once, and refuses one for a subject with no facts', () => {
    const command = { type: 'RequestErasure' as const, eventId: 'x', requestId: 'R', at: '2025-02-03T00:00:00Z', channel: 'dpo' };
    expect(subjectDecider.decide(command, state(collected))).toEqual([
      { id: 'x', type: 'SubjectRequestReceived', occurredAt: '2025-02-03T00:00:00Z', data: { requestId: 'R', right: 'erasure', channel: 'dpo' } },
    ]);
    expect(subjectDecider.decide(command, state(collected, requested))).toEqual([]);
    expect(() => subjectDecider.decide(command, subjectDecider.initialState())).toThrow(CommandRefused);
  });
});
