import { checkWrite } from './check-write';
import { InvalidAppendError } from './event-store-errors';
import type { StreamWrite } from './event-store.port';

const write = (overrides: Partial<StreamWrite> = {}): StreamWrite => ({
  streamId: 'subject-1',
  events: [{ id: 'e1', type: 'T', data: {} }],
  ...overrides,
});

describe('checkWrite', () => {
  it('accepts a well-formed write', () => {
    expect(() => checkWrite(write({ expectedRevision: 3 }))).not.toThrow();
  });

  it.each([
    ['an empty stream id', write({ streamId: '' })],
    ['a stream id with a newline', write({ streamId: 'a\nb' })],
    ['a stream id over 200 characters', write({ streamId: 'x'.repeat(201) })],
    ['an event type with a control character', write({ events: [{ id: 'e1', type: 'T\u0000', data: {} }] })],
    [
      'the same event id twice',
      write({
        events: [
          { id: 'e1', type: 'T', data: {} },
          { id: 'e1', type: 'T', data: {} },
        ],
      }),
    ],
    ['data that is an array', write({ events: [{ id: 'e1', type: 'T', data: [] as unknown as Record<string, unknown> }] })],
    ['metadata that is null', write({ events: [{ id: 'e1', type: 'T', data: {}, metadata: null as unknown as Record<string, unknown> }] })],
    ['a negative expected revision', write({ expectedRevision: -1 })],
    ['a fractional expected revision', write({ expectedRevision: 1.5 })],
  ])('refuses %s', (_, bad) => {
    expect(() => checkWrite(bad)).toThrow(InvalidAppendError);
  });
});
