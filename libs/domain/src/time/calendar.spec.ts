import { addCalendarMonths } from './calendar';
import { isValidDateOrInstant, isValidInstant } from './instant';

describe('calendar months (Art. 12(3) deadlines)', () => {
  it.each([
    ['2025-01-31T10:00:00Z', '2025-02-28T10:00:00.000Z'],
    ['2024-01-31T10:00:00Z', '2024-02-29T10:00:00.000Z'],
    ['2025-03-31T00:00:00Z', '2025-04-30T00:00:00.000Z'],
    ['2025-12-15T08:30:00Z', '2026-01-15T08:30:00.000Z'],
    ['2026-09-30T10:00:00Z', '2026-10-30T10:00:00.000Z'],
    ['2025-08-31T23:59:59Z', '2025-09-30T23:59:59.000Z'],
  ])('one month after %s is %s', (from, due) => {
    expect(addCalendarMonths(new Date(from), 1).toISOString()).toBe(due);
  });

  it('counts several months from the original day, not from a clamped one', () => {
    expect(addCalendarMonths(new Date('2025-01-31T00:00:00Z'), 3).toISOString()).toBe('2025-04-30T00:00:00.000Z');
    expect(addCalendarMonths(new Date('2024-06-30T12:00:00Z'), 24).toISOString()).toBe('2026-06-30T12:00:00.000Z');
  });
});

describe('instants', () => {
  it.each(['2025-02-28T10:00:00Z', '2024-02-29T00:00:00+01:00', '2025-06-10T14:00:00.123Z'])('accepts %s', (v) => expect(isValidInstant(v)).toBe(true));
  it.each([
    '2025-02-29T10:00:00Z',
    '2025-02-30T10:00:00Z',
    '2025-06-10 14:00',
    '2025-06-10T14:00:00',
    '2025-13-01T00:00:00Z',
    '2025-06-10T24:00:00Z',
    'yesterday',
  ])('refuses %s', (v) => expect(isValidInstant(v)).toBe(false));
  it('accepts calendar dates for retention deadlines', () => {
    expect(isValidDateOrInstant('2032-12-31')).toBe(true);
    expect(isValidDateOrInstant('2032-02-30')).toBe(false);
  });
});
