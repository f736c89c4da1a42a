import { hasCaughtUp } from './caught-up';

describe('hasCaughtUp', () => {
  const at = (n: number) => ({ commit: n, prepare: n });

  it('is caught up on a log without ledger events', () => {
    expect(hasCaughtUp(null, undefined)).toBe(true);
  });

  it('is caught up once it received the head or beyond (a checkpoint may lie past it)', () => {
    expect(hasCaughtUp(at(10), at(10))).toBe(true);
    expect(hasCaughtUp(at(10), at(12))).toBe(true);
  });

  it('is behind while the head is newer than what it received, or it received nothing', () => {
    expect(hasCaughtUp(at(10), at(9))).toBe(false);
    expect(hasCaughtUp(at(10), undefined)).toBe(false);
  });
});
