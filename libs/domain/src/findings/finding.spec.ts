import { finding, isVisibleAt } from './finding';

describe('finding', () => {
  it('keeps its instants in one UTC format, whatever offset the facts used', () => {
    const f = finding('breach-not-notified', '', {
      breachId: 'B',
      dueAt: '2026-11-25T10:00:00+02:00',
      visibleFrom: '2026-11-22T10:00:00+02:00',
      summary: 's',
      detail: {},
    });
    expect(f).toMatchObject({ dueAt: '2026-11-25T08:00:00.000Z', visibleFrom: '2026-11-22T08:00:00.000Z' });
    expect(isVisibleAt(f, new Date('2026-11-22T07:59:59Z'))).toBe(false);
    expect(isVisibleAt(f, new Date('2026-11-22T08:00:00Z'))).toBe(true);
  });
});
