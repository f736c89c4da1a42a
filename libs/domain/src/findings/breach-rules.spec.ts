import type { EventDataByType, LedgerEvent, LedgerEventType } from '../catalog/event-data';
import { event as built } from '../testing/facts';
import { emptyBreach, evolveBreach } from '../read-models/breach-record';
import { isChildrensData, isSpecialCategory } from '../categories/sensitive-categories';
import { breachFindings } from './breach-findings';

const event = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => built(type, data, occurredAt, 'breach-B');
const aware = '2025-10-01T08:00:00Z';
const detected = (extra: Partial<EventDataByType['BreachDetected']> = {}) =>
  event('BreachDetected', aware, {
    awareAt: aware,
    nature: ['confidentiality'],
    description: 'x',
    categories: ['user.name'],
    subjectCategories: ['customers'],
    approxSubjects: 1,
    approxRecords: 1,
    ongoing: false,
    ...extra,
  });
const findings = (...events: LedgerEvent[]) => breachFindings(events.reduce(evolveBreach, emptyBreach('B', events[0].occurredAt)));
const notified = (at: string, delayReason?: string, phase: 'initial' | 'follow-up' = 'initial') =>
  event('AuthorityNotified', at, { authority: 'nl-ap', phase, ...(delayReason ? { delayReason } : {}) });

describe('breach rules (issue 18, point 7)', () => {
  it('runs the Art. 34 target from the high-risk assessment, and labels it an internal target', () => {
    const facts = [
      detected(),
      event('BreachAssessed', '2025-10-01T09:00:00Z', { risk: 'risk', consequences: 'x' }),
      notified('2025-10-02T08:00:00Z'),
      event('BreachAssessed', '2025-10-05T12:00:00Z', { risk: 'high', consequences: 'worse' }),
    ];
    const [f] = findings(...facts).filter((x) => x.rule === 'breach-subjects-not-notified');
    expect(f).toMatchObject({
      dueAt: '2025-10-08T12:00:00.000Z',
      visibleFrom: '2025-10-05T12:00:00.000Z',
      detail: { deadline: expect.stringContaining('internal target') },
    });
  });

  it('accepts an Art. 34(3)(c) exemption only with a public communication recorded', () => {
    const high = event('BreachAssessed', '2025-10-01T09:00:00Z', { risk: 'high', consequences: 'x' });
    const withoutNotice = event('SubjectNotificationExempted', '2025-10-02T09:00:00Z', { ground: 'art34-3c', explanation: 'no contact details' });
    const withNotice = event('SubjectNotificationExempted', '2025-10-02T09:00:00Z', {
      ground: 'art34-3c',
      explanation: 'no contact details',
      publicCommunication: 'notice on the website, 2025-10-02',
    });
    const rules = (...e: LedgerEvent[]) => findings(detected(), high, notified('2025-10-02T08:00:00Z'), ...e).map((f) => f.rule);
    expect(rules(withoutNotice)).toEqual(['breach-subjects-not-notified']);
    expect(rules(withNotice)).toEqual([]);
    // (a) and (b) need no public communication.
    expect(rules(event('SubjectNotificationExempted', '2025-10-02T09:00:00Z', { ground: 'art34-3a', explanation: 'encrypted' }))).toEqual([]);
  });

  it('justifies a late notification by the reason given with it, or closes when a later phase brings it', () => {
    const assessed = event('BreachAssessed', '2025-10-01T09:00:00Z', { risk: 'risk', consequences: 'x' });
    expect(findings(detected(), assessed, notified('2025-10-05T09:00:00Z', 'extent unknown'))).toEqual([
      expect.objectContaining({ rule: 'breach-notified-late', status: 'closed', closedAt: '2025-10-05T09:00:00.000Z' }),
    ]);
    expect(findings(detected(), assessed, notified('2025-10-05T09:00:00Z'))).toEqual([
      expect.objectContaining({ rule: 'breach-notified-late', status: 'open' }),
    ]);
    expect(findings(detected(), assessed, notified('2025-10-05T09:00:00Z'), notified('2025-10-09T09:00:00Z', 'extent unknown', 'follow-up'))).toEqual([
      expect.objectContaining({ rule: 'breach-notified-late', status: 'closed', closedAt: '2025-10-09T09:00:00.000Z' }),
    ]);
  });

  it('requires the categories of subjects for a notifiable breach, not for one unlikely to result in a risk', () => {
    const { subjectCategories, ...withoutSubjects } = detected().data;
    expect(subjectCategories).toEqual(['customers']);
    const bare = event('BreachDetected', aware, withoutSubjects);
    expect(findings(bare, notified('2025-10-02T08:00:00Z')).map((f) => f.rule)).toEqual(['breach-subject-categories-missing']);
    expect(findings(bare, event('BreachAssessed', '2025-10-01T09:00:00Z', { risk: 'unlikely', consequences: 'x' }))).toEqual([]);
  });

  it("derives special-category and children's-data flags from the categories", () => {
    expect(isSpecialCategory('user.health_and_medical.genetic')).toBe(true);
    expect(isSpecialCategory('user.demographic.religious_belief')).toBe(true);
    expect(isSpecialCategory('user.demographic.age_range')).toBe(false);
    expect(isSpecialCategory('user.healthcare')).toBe(false);
    expect(isChildrensData('user.children.children_under_thirteen')).toBe(true);
    expect(isChildrensData('user.contact.email')).toBe(false);
  });
});
