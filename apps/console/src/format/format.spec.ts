import { makeFormat } from './format';

describe('formatting per language and time zone', () => {
  const instant = '2026-11-25T08:00:00.000Z';

  it('shows instants in Amsterdam time by default, or in UTC, named', () => {
    expect(makeFormat('en', 'Europe/Amsterdam').dateTime(instant)).toMatch(/25 Nov 2026.*09:00.*CET/);
    expect(makeFormat('en', 'UTC').dateTime(instant)).toMatch(/25 Nov 2026.*08:00.*UTC/);
    expect(makeFormat('nl', 'Europe/Amsterdam').dateTime(instant)).toMatch(/25 nov 2026.*09:00/);
  });

  it('formats numbers and hours per locale', () => {
    expect(makeFormat('en', 'UTC').number(40000)).toBe('40,000');
    expect(makeFormat('nl', 'UTC').number(40000)).toBe('40.000');
    expect(makeFormat('nl', 'UTC').hours(20)).toBe('20 u');
  });

  it('shows a dash for what is missing', () => {
    expect(makeFormat('en', 'UTC').dateTime(undefined)).toBe('—');
    expect(makeFormat('en', 'UTC').number(undefined)).toBe('—');
  });
});
