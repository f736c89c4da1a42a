import { BREACH_NOTIFICATION_HOURS, breachNotificationDueAt, notificationClock } from './breach-notification-deadline';
import { erasureNoticeDueAt } from './erasure-notice-deadline';
import { requestDeadline } from './request-deadline';
import { accountDeletionDueAt } from './retention-deadline';

describe('the 72-hour clock (Art. 33(1))', () => {
  const awareAt = '2025-06-10T14:00:00Z';
  const at = (hours: number) => new Date(Date.parse(awareAt) + hours * 3_600_000).toISOString();

  it('is due 72 hours after awareness', () => {
    expect(BREACH_NOTIFICATION_HOURS).toBe(72);
    expect(breachNotificationDueAt(awareAt)).toBe('2025-06-13T14:00:00.000Z');
  });

  it('is in time at 71 h and at 72 h, late at 73 h', () => {
    expect(notificationClock({ awareAt, notifications: [{ at: at(71) }] })).toMatchObject({ inTime: true, late: false, hoursAfterAwareness: 71 });
    expect(notificationClock({ awareAt, notifications: [{ at: at(72) }] })).toMatchObject({ inTime: true, late: false });
    expect(notificationClock({ awareAt, notifications: [{ at: at(73) }] })).toMatchObject({ inTime: false, late: true, hoursAfterAwareness: 73 });
  });

  it('counts the hours left while unnotified, and is late once they are gone', () => {
    expect(notificationClock({ awareAt, notifications: [] }, new Date(at(52)))).toMatchObject({ hoursLeft: 20, late: false });
    expect(notificationClock({ awareAt, notifications: [] }, new Date(at(75.5)))).toMatchObject({ hoursLeft: -3.5, late: true });
  });

  it('is never late for a breach assessed unlikely to result in a risk', () => {
    const clock = notificationClock({ awareAt, risk: 'unlikely', notifications: [] }, new Date(at(100)));
    expect(clock).toMatchObject({ required: false, late: false });
    expect(clock.hoursLeft).toBeUndefined();
    expect(notificationClock({ awareAt, risk: 'unlikely', notifications: [{ at: at(100) }] })).toMatchObject({ inTime: false, late: false });
  });

  it('takes the first notification of several phases, and the reason any phase gave', () => {
    const clock = notificationClock({ awareAt, notifications: [{ at: at(120), delayReason: 'extent unknown' }, { at: at(97) }] });
    expect(clock).toMatchObject({ notifiedAt: at(97), hoursAfterAwareness: 97, delayReason: 'extent unknown' });
  });
});

describe('the request deadline (Art. 12(3), counted as Reg. 1182/71 counts)', () => {
  const ext = (until: string, at: string) => ({ until, at });

  it('ends at the end of the matching day one month later, clamped to the month end (UTC without a profile)', () => {
    expect(requestDeadline('2025-01-31T10:00:00Z')).toBe('2025-02-28T23:59:59.999Z');
    expect(requestDeadline('2024-01-31T10:00:00Z')).toBe('2024-02-29T23:59:59.999Z');
  });

  it('moves to an extension made in the first month with reasons, at most three months in all', () => {
    expect(requestDeadline('2025-01-31T10:00:00Z', [ext('2025-03-14', '2025-02-10T09:00:00Z')])).toBe('2025-03-14T23:59:59.999Z');
    expect(requestDeadline('2025-01-31T10:00:00Z', [ext('2025-12-31', '2025-02-10T09:00:00Z')])).toBe('2025-04-30T23:59:59.999Z');
    expect(requestDeadline('2025-01-31T10:00:00Z', [ext('2025-02-01', '2025-02-10T09:00:00Z')])).toBe('2025-02-28T23:59:59.999Z');
  });
});

describe('other deadlines', () => {
  it('expects recipients to hear of an erasure within a month (Art. 19)', () => {
    expect(erasureNoticeDueAt('2025-01-31T10:00:00.000Z')).toBe('2025-02-28T10:00:00.000Z');
  });

  it('deletes an account the policy months after all services ended', () => {
    expect(accountDeletionDueAt('2024-06-30T12:00:00Z', 24)).toBe('2026-06-30T12:00:00.000Z');
  });
});
