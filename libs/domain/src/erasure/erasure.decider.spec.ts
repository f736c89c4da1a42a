import { CommandRefused, fold } from '../deciders/decider';
import { DeciderSpecification } from '../testing/decider-specification';
import { fact } from '../testing/facts';
import { ErasureCommand, ErasureState, SubjectFact, erasureDecider, keysDue } from './erasure.decider';
import { erasureStatus } from './erasure-status';
import { erasureDueAt } from './erasure-due';
import { nextRetentionExpiry } from './retained-groups';

const given = DeciderSpecification.for(erasureDecider);

const collected = fact(
  'PersonalDataCollected',
  { categories: ['user.name', 'user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'portal' },
  '2023-05-01T00:00:00.000Z',
);
const invoice = fact(
  'PersonalDataCollected',
  { categories: ['user.financial.bank_account'], purpose: 'invoicing', legalBasis: 'legal-obligation', source: 'data-subject', system: 'portal' },
  '2023-05-31T00:00:00.000Z',
);
const shared = fact(
  'PersonalDataSharedWithProcessor',
  { recipientId: 'cpanel', categories: ['user.name'], purpose: 'hosting', legalBasis: 'contract' },
  '2023-05-02T00:00:00.000Z',
);
const requested = fact('SubjectRequestReceived', { requestId: 'R', right: 'erasure' }, '2025-02-03T00:00:00.000Z');
const erased = fact(
  'PersonalDataErased',
  {
    requestId: 'R',
    ground: 'subject-request',
    system: 'portal',
    categories: ['user.name', 'user.contact.email'],
    retained: [{ categories: ['user.financial.bank_account'], legalGround: 'AWR', until: '2032-12-31' }],
  },
  '2025-02-10T00:00:00.000Z',
);
const cpanelTold = fact('RecipientNotifiedOfErasure', { recipientId: 'cpanel' }, '2025-02-11T00:00:00.000Z');
const identityShredded = fact('SubjectDataShredded', { keyGroups: ['identity', 'contact'], reason: 'erasure', requestId: 'R' }, '2025-03-01T00:00:00.000Z');
const shred = (at: string): ErasureCommand => ({ type: 'ShredDueKeys', eventId: 'proof', at });
const proof = (at: string, data: Parameters<typeof fact<'SubjectDataShredded'>>[1]) => fact('SubjectDataShredded', data, at, 'proof');

describe('erasure decider: shredding', () => {
  it('shreds nothing while a recipient of erased data has not been told', () => {
    given([collected, invoice, shared, requested, erased]).when(shred('2025-03-01T00:00:00.000Z')).thenNothingHappened();
  });

  it('shreds nothing while a system that holds data has not reported its erasure', () => {
    const elsewhere = fact(
      'PersonalDataCollected',
      { categories: ['user.name'], purpose: 'support', legalBasis: 'contract', source: 'data-subject', system: 'helpdesk' },
      '2023-06-01T00:00:00.000Z',
    );
    given([collected, elsewhere, requested, erased]).when(shred('2025-03-01T00:00:00.000Z')).thenNothingHappened();
  });

  it('shreds nothing on a request alone: no system has reported an erasure', () => {
    given([collected, requested]).when(shred('2025-03-01T00:00:00.000Z')).thenNothingHappened();
  });

  it('shreds identity and contact once every recipient is told, keeping the fiscal group', () => {
    given([collected, invoice, shared, requested, erased, cpanelTold])
      .when(shred('2025-03-01T00:00:00.000Z'))
      .then([
        proof('2025-03-01T00:00:00.000Z', {
          keyGroups: ['identity', 'contact'],
          reason: 'erasure',
          categories: ['user.contact.email', 'user.name'],
          requestId: 'R',
        }),
      ]);
  });

  it('shreds the fiscal group when its retention ends, and then nothing more', () => {
    const history = [collected, invoice, shared, requested, erased, cpanelTold, identityShredded];
    const state = fold(erasureDecider, history);
    expect(nextRetentionExpiry(state.retained, state.shredded)).toBe('2032-12-31');
    // A date keeps the group to the end of that day.
    expect(erasureDueAt(state)).toBe('2032-12-31T23:59:59.999Z');
    expect(keysDue(state, '2032-12-31T12:00:00Z')).toEqual([]);
    expect(keysDue(state, '2032-12-30T23:59:59Z')).toEqual([]);
    const fiscal = proof('2033-01-01T00:00:00.000Z', {
      keyGroups: ['fiscal'],
      reason: 'retention-expired',
      categories: ['user.financial.bank_account'],
      requestId: 'R',
    });
    given(history).when(shred('2033-01-01T00:00:00.000Z')).then([fiscal]);
    given([...history, fiscal])
      .when(shred('2040-01-01T00:00:00.000Z'))
      .thenNothingHappened();
    expect(erasureDueAt(fold(erasureDecider, [...history, fiscal]))).toBeUndefined();
  });

  it('is due at once while an erasure is under way, and never for a subject without one', () => {
    expect(erasureDueAt(fold(erasureDecider, [collected, requested]))).toBe('2025-02-03T00:00:00.000Z');
    expect(erasureDueAt(fold(erasureDecider, [collected, shared]))).toBeUndefined();
  });
});

describe('erasure decider: the request', () => {
  const request = (requestId: string): ErasureCommand => ({
    type: 'RequestErasure',
    eventId: 'x',
    requestId,
    at: '2025-02-03T00:00:00.000Z',
    channel: 'dpo',
    ground: 'art17-1b',
    note: 'asked by phone',
  });

  it('records an erasure request with its ground and note', () => {
    given([collected])
      .when(request('R'))
      .then([
        fact(
          'SubjectRequestReceived',
          { requestId: 'R', right: 'erasure', channel: 'dpo', ground: 'art17-1b', note: 'asked by phone' },
          '2025-02-03T00:00:00.000Z',
          'x',
        ),
      ]);
  });

  it('records a request once, also after an erasure answered it', () => {
    given([collected, requested]).when(request('R')).thenNothingHappened();
    given([collected, requested, erased]).when(request('R')).thenNothingHappened();
  });

  it('refuses a request for a subject with no facts', () => {
    given([])
      .when(request('R'))
      .thenThrows(CommandRefused, (error) => expect(error.reason).toBe('not-found'));
  });
});

describe('erasure status', () => {
  it('follows the erasure: systems, then recipients, then the keys; a later request for a shredded subject waits for nothing', () => {
    const at = new Date('2025-03-01T00:00:00.000Z');
    const states = (...facts: SubjectFact[]): ReturnType<typeof erasureStatus> =>
      erasureStatus('S', fold<ErasureCommand, SubjectFact, ErasureState>(erasureDecider, facts), at);
    expect(states(collected).state).toBe('none');
    expect(states(collected, shared, requested)).toMatchObject({ state: 'awaiting-systems', awaitingSystems: ['portal'], requestId: 'R' });
    expect(states(collected, shared, requested, erased)).toMatchObject({ state: 'awaiting-recipients', awaitingRecipients: ['cpanel'] });
    expect(states(collected, invoice, shared, requested, erased, cpanelTold, identityShredded)).toMatchObject({
      state: 'retained',
      retainedGroups: [{ group: 'fiscal', until: '2032-12-31' }],
    });
    const all = fact('SubjectDataShredded', { keyGroups: ['fiscal'], reason: 'retention-expired' }, '2033-01-01T00:00:00.000Z');
    const again = fact('SubjectRequestReceived', { requestId: 'R-2', right: 'erasure', ground: 'art17-1a' }, '2033-02-01T00:00:00.000Z');
    expect(states(collected, invoice, shared, requested, erased, cpanelTold, identityShredded, all, again)).toMatchObject({
      state: 'shredded',
      requestId: 'R-2',
      ground: { code: 'art17-1a', article: 'Art. 17(1)(a)' },
      awaitingSystems: ['portal'],
    });
  });
});
