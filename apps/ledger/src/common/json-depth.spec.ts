import { nestsDeeperThan } from './json-depth';

describe('nestsDeeperThan', () => {
  const nested = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

  it('counts objects and arrays, not scalars', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: 'x' }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: 'x' }] }, 2)).toBe(true);
  });

  it('measures the deepest branch', () => {
    expect(nestsDeeperThan({ shallow: 1, deep: nested(10) }, 10)).toBe(true);
    expect(nestsDeeperThan({ shallow: 1, deep: nested(10) }, 11)).toBe(false);
  });

  it('copes with nesting far deeper than the stack', () => {
    expect(nestsDeeperThan(nested(200_000), 32)).toBe(true);
  });
});
