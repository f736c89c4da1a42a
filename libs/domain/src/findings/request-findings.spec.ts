import type { EventDataByType, LedgerEvent, LedgerEventType } from '../catalog/event-data';
import { deadlineCalendar } from '../deadlines/deadline-calendar';
import { NL_HOLIDAYS } from '../deadlines/holiday-calendar';
import { emptyProfile, evolveProfile } from '../read-models/subject-profile';
import { event } from '../testing/facts';
import { subjectFindings } from './subject-findings';

const e = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => event(type, data, occurredAt);
const calendar = deadlineCalendar('Europe/Amsterdam', NL_HOLIDAYS);
const findings = (...events: LedgerEvent[]) =>
  subjectFindings(events.reduce(evolveProfile, emptyProfile('S', events[0].occurredAt)), {
    accountRetentionMonths: 24,
    recipientCountry: () => undefined,
    calendar,
  });
const received = e('SubjectRequestReceived', '2026-01-05T09:00:00Z', { requestId: 'R', right: 'access' });
const exported = (at: string) => e('PersonalDataExported', at, { requestId: 'R', right: 'access', categories: ['user.name'], format: 'json' });
const extended = (at: string, reason: string) => e('SubjectRequestExtended', at, { requestId: 'R', until: '2026-03-31', reason });

describe('request findings in the controller calendar (Art. 12(3))', () => {
  it('is answered in time at 23:59 local on the due date, late a minute after midnight', () => {
    expect(findings(received, exported('2026-02-05T23:59:00+01:00'))).toEqual([]);
    expect(findings(received, exported('2026-02-06T00:01:00+01:00')).map((f) => f.rule)).toEqual(['request-answered-late']);
  });

  it('lets an extension on day 30 move the deadline; one on day 32 is its own finding and moves nothing', () => {
    expect(findings(received, extended('2026-02-04T10:00:00Z', 'many systems'), exported('2026-03-20T10:00:00Z'))).toEqual([]);
    const late = findings(received, extended('2026-02-06T10:00:00Z', 'many systems'));
    expect(late.map((f) => [f.rule, f.status, f.dueAt])).toEqual([
      ['request-unanswered', 'open', '2026-02-05T22:59:59.999Z'],
      ['request-extension-invalid', 'open', '2026-02-05T22:59:59.999Z'],
    ]);
    expect(late[1].detail).toMatchObject({ problem: 'after-first-month', extendedAt: '2026-02-06T10:00:00Z' });
  });
});
