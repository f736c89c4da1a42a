import { countBy, countByDue, dueBucket, hoursUntil } from './due-buckets';

const NOW = '2026-11-24T12:00:00.000Z';

describe('due buckets of the overview', () => {
  it('puts a finding past its due date in overdue, one due within 72 hours in within72h, the rest in later', () => {
    expect(dueBucket('2026-11-24T11:59:59Z', NOW)).toBe('overdue');
    expect(dueBucket('2026-11-24T12:00:00Z', NOW)).toBe('within72h');
    expect(dueBucket('2026-11-27T12:00:00Z', NOW)).toBe('within72h');
    expect(dueBucket('2026-11-27T12:00:01Z', NOW)).toBe('later');
  });

  it("counts HostingHuis's five open findings: four overdue, the breach due within 72 hours", () => {
    const due = ['2024-05-01T08:00:00Z', '2025-03-10T10:00:00Z', '2026-06-30T12:00:00Z', '2026-10-30T10:00:00Z', '2026-11-25T08:00:00Z'];
    expect(countByDue(due.map((dueAt) => ({ dueAt })), NOW)).toEqual({ overdue: 4, within72h: 1, later: 0 });
    expect(hoursUntil('2026-11-25T08:00:00Z', NOW)).toBe(20);
  });

  it('counts by a key, most frequent first', () => {
    expect(countBy(['b', 'a', 'b', 'c'], (x) => x)).toEqual([
      ['b', 2],
      ['a', 1],
      ['c', 1],
    ]);
  });
});
