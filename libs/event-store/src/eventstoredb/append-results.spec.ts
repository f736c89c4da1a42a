import type { RecordedEvent } from '../port/recorded-event';
import { toAppendResult } from './append-results';

const stored = (id: string, revision: number): RecordedEvent => ({
  id,
  revision,
  type: 'T',
  streamId: 's',
  position: { commit: 100, prepare: 100 + revision },
  data: {},
  metadata: {},
  recordedAt: '2024-03-01T10:00:00.000Z',
  prevHash: null,
  hash: 'h',
});

describe('toAppendResult', () => {
  it('answers with the stored events and the revision to expect next', () => {
    expect(toAppendResult('s', [stored('a', 4), stored('b', 5)], true)).toEqual({
      streamId: 's',
      events: [
        { id: 'a', revision: 4, position: { commit: 100, prepare: 104 } },
        { id: 'b', revision: 5, position: { commit: 100, prepare: 105 } },
      ],
      nextExpectedRevision: 5,
      duplicate: true,
    });
  });
});
