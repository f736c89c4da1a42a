import { toSafeNumber } from './safe-number';

describe('toSafeNumber', () => {
  it('converts what a number holds exactly', () => {
    expect(toSafeNumber(0n, 'x')).toBe(0);
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'x')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses to round', () => {
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'commit position')).toThrow(/commit position 9007199254740992/);
  });
});
