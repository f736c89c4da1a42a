import { eventHash } from '../chain/event-hash';
import type { NewEvent } from '../port/recorded-event';
import { chainEvents } from './chained-events';
import { LEDGER_KEY } from './ledger-envelope';

const recordedAt = '2024-03-01T10:00:00.000Z';
const events: NewEvent[] = [
  { id: '0b6f3c1e-5d1b-4a53-9d39-2a6f0f5f8a10', type: 'A', data: { b: 1, a: [1, { z: 0, y: 1 }] } },
  { id: 'not-a-uuid', type: 'B', data: {}, metadata: { actor: 'dpo' } },
];

describe('chainEvents', () => {
  it('numbers and chains the events after the head it is given', () => {
    const chained = chainEvents('s', events, { revision: 6, hash: 'aa' }, recordedAt);
    expect(chained.map((c) => c.revision)).toEqual([7, 8]);
    expect(chained[0].hash).toBe(
      eventHash({
        prevHash: 'aa',
        streamId: 's',
        revision: 7,
        id: events[0].id,
        type: 'A',
        recordedAt,
        data: '{"a":[1,{"y":1,"z":0}],"b":1}',
        metadata: '{}',
      }),
    );
    expect((chained[1].eventData.metadata as Record<string, { prevHash: string }>)[LEDGER_KEY].prevHash).toBe(chained[0].hash);
  });

  it('starts a new stream at revision 0 with no predecessor', () => {
    const [first] = chainEvents('s', events, undefined, recordedAt);
    expect(first.revision).toBe(0);
    expect(first.eventData.metadata).toEqual({
      [LEDGER_KEY]: { id: events[0].id, recordedAt, prevHash: null, hash: first.hash },
    });
  });

  it("sends JSON data beside the caller's metadata and the ledger fields, under a UUID", () => {
    const [, second] = chainEvents('s', events, undefined, recordedAt);
    expect(second.eventData).toMatchObject({ type: 'B', contentType: 'application/json', data: {} });
    expect(second.eventData.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.eventData.metadata).toMatchObject({ actor: 'dpo', [LEDGER_KEY]: { id: 'not-a-uuid' } });
  });
});
