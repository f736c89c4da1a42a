import { ANY, END, NO_STREAM, START, STREAM_EXISTS } from '@eventstore/db-client';
import { expectationAt, toClientExpectedRevision, toReadRevision, toRevision } from './revisions';

describe('revisions', () => {
  it.each([
    ['any' as const, ANY],
    ['no_stream' as const, NO_STREAM],
    ['stream_exists' as const, STREAM_EXISTS],
    [0, 0n],
    [41, 41n],
  ])('maps the expectation %p to the client %p', (port, client) => {
    expect(toClientExpectedRevision(port)).toBe(client);
  });

  it('expects exactly the head it read, or no stream', () => {
    expect(expectationAt(7)).toBe(7);
    expect(expectationAt(0)).toBe(0);
    expect(expectationAt(undefined)).toBe('no_stream');
  });

  it('starts a read at the revision asked for, or at the end the direction starts from', () => {
    expect(toReadRevision(undefined, 'forwards')).toBe(START);
    expect(toReadRevision(undefined, 'backwards')).toBe(END);
    expect(toReadRevision(5, 'forwards')).toBe(5n);
    expect(toReadRevision(0, 'backwards')).toBe(0n);
  });

  it('reads revisions as numbers', () => {
    expect(toRevision(12n)).toBe(12);
  });
});
