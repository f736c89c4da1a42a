import type { EventDataByType, LedgerEvent, LedgerEventType } from '../catalog/event-data';
import { event as built } from '../testing/facts';
import { emptyBreach, evolveBreach } from '../read-models/breach-record';
import { breachFindings } from './breach-findings';
import { isVisibleAt } from './finding';

const event = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => built(type, data, occurredAt, 'breach-B');

const detected = (awareAt: string) =>
  event('BreachDetected', awareAt, {
    awareAt,
    nature: ['confidentiality'],
    description: 'x',
    categories: ['user.name'],
    subjectCategories: ['customers'],
    approxSubjects: 1,
    approxRecords: 1,
    ongoing: false,
  });

const breach = (...events: LedgerEvent[]) => events.reduce(evolveBreach, emptyBreach('B', events[0].occurredAt));
const rules = (b: ReturnType<typeof breach>) => breachFindings(b).map((f) => `${f.rule}:${f.status}`);

describe('breach findings (Art. 33, 34)', () => {
  const aware = '2025-10-01T08:00:00Z';

  it('keeps an unnotified breach open from awareness, due 72 hours later', () => {
    const [f] = breachFindings(breach(detected(aware), event('BreachAssessed', aware, { risk: 'risk', consequences: 'x' })));
    expect(f).toMatchObject({ rule: 'breach-not-notified', status: 'open', dueAt: '2025-10-04T08:00:00.000Z', visibleFrom: '2025-10-01T08:00:00.000Z' });
    expect(isVisibleAt(f, new Date(aware))).toBe(true);
  });

  it('finds nothing for a notification 71 hours after awareness', () => {
    expect(rules(breach(detected(aware), event('AuthorityNotified', '2025-10-04T07:00:00Z', { authority: 'nl-ap', phase: 'initial' })))).toEqual([]);
  });

  it('finds nothing at exactly 72 hours', () => {
    expect(rules(breach(detected(aware), event('AuthorityNotified', '2025-10-04T08:00:00Z', { authority: 'nl-ap', phase: 'initial' })))).toEqual([]);
  });

  it('keeps a notification 73 hours after awareness open when it gives no reason for the delay', () => {
    const b = breach(detected(aware), event('AuthorityNotified', '2025-10-04T09:00:00Z', { authority: 'nl-ap', phase: 'initial' }));
    expect(breachFindings(b)).toEqual([
      expect.objectContaining({ rule: 'breach-notified-late', status: 'open', detail: expect.objectContaining({ hoursAfterAwareness: 73 }) }),
    ]);
  });

  it('closes a late notification that gives its reason, also when the reason comes in a later phase', () => {
    const b = breach(
      detected(aware),
      event('AuthorityNotified', '2025-10-04T09:00:00Z', { authority: 'nl-ap', phase: 'initial' }),
      event('AuthorityNotified', '2025-10-06T09:00:00Z', { authority: 'nl-ap', phase: 'follow-up', delayReason: 'scope unclear' }),
    );
    expect(rules(b)).toEqual(['breach-notified-late:closed']);
  });

  it('measures the deadline from the first notification, not from a follow-up', () => {
    const b = breach(
      detected(aware),
      event('AuthorityNotified', '2025-10-03T08:00:00Z', { authority: 'nl-ap', phase: 'initial' }),
      event('AuthorityNotified', '2025-10-20T08:00:00Z', { authority: 'nl-ap', phase: 'final' }),
    );
    expect(rules(b)).toEqual([]);
  });

  it('needs no notification when the risk is unlikely', () => {
    expect(rules(breach(detected(aware), event('BreachAssessed', aware, { risk: 'unlikely', consequences: 'x' })))).toEqual([]);
  });

  it('requires telling the subjects of a high-risk breach, unless exempted', () => {
    const high = [
      detected(aware),
      event('BreachAssessed', aware, { risk: 'high', consequences: 'x' }),
      event('AuthorityNotified', aware, { authority: 'nl-ap', phase: 'initial' }),
    ];
    expect(rules(breach(...high))).toEqual(['breach-subjects-not-notified:open']);
    expect(rules(breach(...high, event('SubjectsNotified', aware, { channel: 'email' })))).toEqual([]);
    expect(rules(breach(...high, event('SubjectNotificationExempted', aware, { ground: 'art34-3a', explanation: 'encrypted' })))).toEqual([]);
  });
});
