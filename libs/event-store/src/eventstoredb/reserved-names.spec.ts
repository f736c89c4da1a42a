import { InvalidAppendError } from '../port/event-store-errors';
import type { StreamWrite } from '../port/event-store.port';
import { checkReservedNames } from './reserved-names';

const write = (overrides: Partial<StreamWrite> = {}): StreamWrite => ({
  streamId: 'subject-1',
  events: [{ id: 'e1', type: 'PersonalDataCollected', data: {}, metadata: { actor: 'dpo' } }],
  ...overrides,
});

describe('checkReservedNames', () => {
  it('accepts ledger streams, types and metadata', () => {
    expect(() => checkReservedNames(write())).not.toThrow();
    expect(() => checkReservedNames(write({ streamId: 'subject-$1' }))).not.toThrow();
  });

  it.each([
    ['a system stream', write({ streamId: '$settings' })],
    ['a claim stream', write({ streamId: 'ledger-claim-e1' })],
    ['a system event type', write({ events: [{ id: 'e1', type: '$metadata', data: {} }] })],
    ['the envelope key in metadata', write({ events: [{ id: 'e1', type: 'T', data: {}, metadata: { $ledger: {} } }] })],
  ])('refuses %s', (_, bad) => {
    expect(() => checkReservedNames(bad)).toThrow(InvalidAppendError);
  });
});
