import type { NewEvent } from '../port/recorded-event';
import { CLAIM_EVENT_TYPE, claimEventData, claimStreamOf, claimsFor, isSameWrite, movedTo, parseClaim, writeDigest } from './write-claims';

const events: NewEvent[] = [
  { id: 'e1', type: 'A', data: { a: 1, b: 2 } },
  { id: 'e2', type: 'B', data: {}, metadata: { actor: 'x' } },
];

describe('write claims', () => {
  it('name one claim stream per event id', () => {
    expect(claimStreamOf('e1')).toBe('ledger-claim-e1');
  });

  describe('writeDigest', () => {
    it('is the same for the same content in any key order', () => {
      const reordered: NewEvent[] = [{ ...events[0], data: { b: 2, a: 1 } }, events[1]];
      expect(writeDigest('s', reordered)).toBe(writeDigest('s', events));
    });

    it('treats absent metadata as empty', () => {
      expect(writeDigest('s', [{ ...events[0], metadata: {} }])).toBe(writeDigest('s', [events[0]]));
    });

    it.each([
      ['another stream', writeDigest('t', events)],
      ['other data', writeDigest('s', [{ ...events[0], data: { a: 2, b: 2 } }, events[1]])],
      ['another type', writeDigest('s', [{ ...events[0], type: 'Z' }, events[1]])],
      ['other metadata', writeDigest('s', [events[0], { ...events[1], metadata: { actor: 'y' } }])],
      ['another order', writeDigest('s', [events[1], events[0]])],
      ['a part of the write', writeDigest('s', [events[0]])],
    ])('differs for %s', (_, digest) => {
      expect(digest).not.toBe(writeDigest('s', events));
    });
  });

  it('claims every event of a write at its index, reserving the place after `expected`', () => {
    const claims = claimsFor('s', events, 4);
    expect(claims).toEqual([
      { stream: 's', write: writeDigest('s', events), index: 0, expected: 4 },
      { stream: 's', write: writeDigest('s', events), index: 1, expected: 4 },
    ]);
  });

  it('compares claims by write and index, not by where they are reserved', () => {
    const [first, second] = claimsFor('s', events, 4);
    expect(isSameWrite(first, movedTo(first, 9))).toBe(true);
    expect(isSameWrite(first, second)).toBe(false);
    expect(isSameWrite(first, { ...first, stream: 't' })).toBe(false);
  });

  it('stores a claim as a $-typed JSON event and reads it back', () => {
    const [claim] = claimsFor('s', events, -1);
    const data = claimEventData(claim);
    expect(data).toMatchObject({ type: CLAIM_EVENT_TYPE, contentType: 'application/json' });
    expect(parseClaim(JSON.parse(JSON.stringify(data.data)), 'here')).toEqual(claim);
  });

  it.each([null, 'x', { stream: 's', write: 'w', index: 0.5, expected: 0 }, { stream: 's', index: 0, expected: 0 }])('refuses %p as a claim', (data) => {
    expect(() => parseClaim(data, 'ledger-claim-e1@0')).toThrow('ledger-claim-e1@0 is not an idempotency claim');
  });
});
