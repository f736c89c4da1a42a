import type { RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import { ForeignEventError, LEDGER_KEY } from './ledger-envelope';
import { toRecordedEvent } from './recorded-events';

const ledger = { id: 'port-id', recordedAt: '2024-03-01T10:00:00.000Z', prevHash: 'aa', hash: 'bb' };
const stored = (overrides: Record<string, unknown> = {}) =>
  ({
    streamId: 'subject-1',
    id: 'fc58a3d0-bef5-5dac-ba49-b7d0adf00548',
    revision: 3n,
    type: 'PersonalDataCollected',
    created: new Date(),
    isJson: true,
    data: { categories: ['user.name'] },
    metadata: { actor: 'dpo', [LEDGER_KEY]: ledger },
    position: { commit: 2_000n, prepare: 1_900n },
    ...overrides,
  }) as unknown as ClientRecordedEvent;

describe('toRecordedEvent', () => {
  it("gives the port's event, with the ledger fields out of the metadata", () => {
    expect(toRecordedEvent(stored())).toEqual({
      id: 'port-id',
      type: 'PersonalDataCollected',
      streamId: 'subject-1',
      revision: 3,
      position: { commit: 2_000, prepare: 1_900 },
      data: { categories: ['user.name'] },
      metadata: { actor: 'dpo' },
      recordedAt: ledger.recordedAt,
      prevHash: 'aa',
      hash: 'bb',
    });
  });

  it.each([
    ['binary data', { isJson: false, data: new Uint8Array([1]) }],
    ['JSON data that is not an object', { data: [1, 2] }],
    ['no envelope', { metadata: { actor: 'dpo' } }],
  ])('calls an event with %s foreign', (_, overrides) => {
    expect(() => toRecordedEvent(stored(overrides))).toThrow(ForeignEventError);
  });

  it('needs a position, which servers before 22.6 leave out of stream reads', () => {
    expect(() => toRecordedEvent(stored({ position: undefined }))).toThrow(/22\.6 or later/);
  });
});
