import { dayStartToInstant, instantToWallTime, wallTimeToInstant } from './zoned-time';

describe('wall-clock times in the console time zone', () => {
  it('reads a time typed in Amsterdam as the instant it names, in winter and in summer', () => {
    expect(wallTimeToInstant('2026-11-24T09:00', 'Europe/Amsterdam')).toBe('2026-11-24T08:00:00.000Z');
    expect(wallTimeToInstant('2026-07-01T09:00', 'Europe/Amsterdam')).toBe('2026-07-01T07:00:00.000Z');
    expect(wallTimeToInstant('2026-11-24T09:00', 'UTC')).toBe('2026-11-24T09:00:00.000Z');
  });

  it('gives nothing for an empty or broken value, so the API names the missing field', () => {
    expect(wallTimeToInstant('', 'UTC')).toBeUndefined();
    expect(wallTimeToInstant('2026-13-01T09:00', 'UTC')).toBeUndefined();
  });

  it('starts a day at local midnight', () => {
    expect(dayStartToInstant('2026-03-29', 'Europe/Amsterdam')).toBe('2026-03-28T23:00:00.000Z');
  });

  it('shows an instant as the wall time of the zone', () => {
    expect(instantToWallTime('2026-11-25T08:00:00Z', 'Europe/Amsterdam')).toBe('2026-11-25T09:00');
    expect(instantToWallTime('2026-11-25T08:00:00Z', 'UTC')).toBe('2026-11-25T08:00');
  });
});
