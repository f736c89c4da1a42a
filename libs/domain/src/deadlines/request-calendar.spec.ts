import { deadlineCalendar } from './deadline-calendar';
import { NL_HOLIDAYS } from './holiday-calendar';
import { extensionVerdict, requestDeadline, requestDueAt } from './request-deadline';
import { isAfterInstant } from '../time/instant-order';

/** HostingHuis counts in Amsterdam time with Dutch public holidays. */
const NL = deadlineCalendar('Europe/Amsterdam', NL_HOLIDAYS);
const inTime = (answeredAt: string, receivedAt: string, extensions = [] as Parameters<typeof requestDeadline>[1]) =>
  !isAfterInstant(answeredAt, requestDeadline(receivedAt, extensions, NL));

describe('Art. 12(3) in the controller calendar (Reg. 1182/71 Art. 3)', () => {
  it('a request received at 10:00 is in time at 15:00 and at 23:59 local on the due date, late the next day', () => {
    const received = '2026-09-30T10:00:00+02:00'; // due Friday 30 October 2026
    expect(requestDueAt(received, NL)).toBe('2026-10-30T22:59:59.999Z');
    expect(inTime('2026-10-30T15:00:00+01:00', received)).toBe(true);
    expect(inTime('2026-10-30T23:59:00+01:00', received)).toBe(true);
    expect(inTime('2026-10-31T00:00:30+01:00', received)).toBe(false);
  });

  it('counts the day of receipt in local time: 23:30 UTC on the 14th is the 15th in Amsterdam', () => {
    expect(requestDueAt('2026-06-14T23:30:00Z', NL)).toBe('2026-07-15T21:59:59.999Z');
    expect(requestDueAt('2026-06-14T23:30:00Z')).toBe('2026-07-14T23:59:59.999Z');
  });

  it('rolls a due date on a Sunday to Monday, and over a public holiday', () => {
    // 2026-11-29 is a Sunday.
    expect(requestDueAt('2026-10-29T09:00:00Z', NL)).toBe('2026-11-30T22:59:59.999Z');
    // 2026-12-26 Saturday (Boxing Day), 27 Sunday: to Monday the 28th.
    expect(requestDueAt('2026-11-26T09:00:00Z', NL)).toBe('2026-12-28T22:59:59.999Z');
    // King's Day, Monday 27 April 2026: to Tuesday the 28th.
    expect(requestDueAt('2026-03-27T09:00:00Z', NL)).toBe('2026-04-28T21:59:59.999Z');
    // 5 May 2026 (Tuesday) is a holiday in the Algemene termijnenwet.
    expect(requestDueAt('2026-04-05T09:00:00Z', NL)).toBe('2026-05-06T21:59:59.999Z');
  });

  it('counts an extension recorded on day 30 (within the first month) and not one on day 32', () => {
    const received = '2026-01-05T09:00:00Z'; // first month ends Thursday 5 February
    const extension = (at: string) => ({ until: '2026-03-31', at });
    expect(extensionVerdict(received, extension('2026-02-04T10:00:00Z'), NL)).toBe('counts');
    expect(requestDeadline(received, [extension('2026-02-04T10:00:00Z')], NL)).toBe('2026-03-31T21:59:59.999Z');
    expect(extensionVerdict(received, extension('2026-02-06T10:00:00Z'), NL)).toBe('after-first-month');
    expect(requestDeadline(received, [extension('2026-02-06T10:00:00Z')], NL)).toBe('2026-02-05T22:59:59.999Z');
  });

  it('caps an extension at three months in all, rolled like any period end', () => {
    // 5 January + 3 months = Sunday 5 April 2026 (Easter), Easter Monday 6 April: Tuesday 7 April.
    expect(requestDeadline('2026-01-05T09:00:00Z', [{ until: '2026-12-31', at: '2026-01-10T09:00:00Z' }], NL)).toBe('2026-04-07T21:59:59.999Z');
  });
});
