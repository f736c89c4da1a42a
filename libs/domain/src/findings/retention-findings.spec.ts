import type { EventDataByType, LedgerEvent, LedgerEventType, PersonalDataCollected } from '../catalog/event-data';
import { deadlineCalendar } from '../deadlines/deadline-calendar';
import { NL_HOLIDAYS } from '../deadlines/holiday-calendar';
import { emptyProfile, evolveProfile } from '../read-models/subject-profile';
import { event } from '../testing/facts';
import { isVisibleAt } from './finding';
import { subjectFindings } from './subject-findings';

const e = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => event(type, data, occurredAt);
const NL = deadlineCalendar('Europe/Amsterdam', NL_HOLIDAYS);
const retention = (...events: LedgerEvent[]) =>
  subjectFindings(events.reduce(evolveProfile, emptyProfile('S', events[0].occurredAt)), {
    accountRetentionMonths: 24,
    recipientCountry: () => undefined,
    calendar: NL,
  }).filter((f) => f.rule === 'retention-passed');
const collected = (system: string, purpose: string, until: string, extra: Partial<PersonalDataCollected> = {}) =>
  e('PersonalDataCollected', '2023-01-01T00:00:00Z', {
    categories: ['user.contact.email'],
    purpose,
    legalBasis: 'contract',
    source: 'data-subject',
    system,
    retention: { until },
    ...extra,
  });
const erased = (system: string, at: string) => e('PersonalDataErased', at, { ground: 'retention-expired', system, categories: ['user.contact.email'] });

describe('retention (Art. 5(1)(e)) per system and purpose', () => {
  it('keeps the shorter date of one system from being hidden by a longer one of another', () => {
    const fs = retention(collected('crm', 'support', '2025-01-31'), collected('portal', 'service', '2027-01-31'));
    expect(fs.map((f) => [f.detail.system, f.detail.purpose, f.dueAt])).toEqual([
      ['crm', 'support', '2025-01-31T22:59:59.999Z'],
      ['portal', 'service', '2027-01-31T22:59:59.999Z'],
    ]);
  });

  it('reads a date as the end of that day in the controller time zone', () => {
    const [f] = retention(collected('crm', 'support', '2025-06-30'));
    expect(f.dueAt).toBe('2025-06-30T21:59:59.999Z');
    expect(isVisibleAt(f, new Date('2025-06-30T23:30:00+02:00'))).toBe(false);
    expect(isVisibleAt(f, new Date('2025-07-01T00:00:00+02:00'))).toBe(true);
  });

  it('leaves a closed finding with both dates when data kept past its date is erased late; none when erased in time', () => {
    expect(retention(collected('crm', 'support', '2025-01-31'), erased('crm', '2025-03-15T10:00:00Z'))).toEqual([
      expect.objectContaining({
        status: 'closed',
        closedAt: '2025-03-15T10:00:00.000Z',
        detail: expect.objectContaining({ until: '2025-01-31', erasedAt: '2025-03-15T10:00:00Z' }),
      }),
    ]);
    expect(retention(collected('crm', 'support', '2025-01-31'), erased('crm', '2025-01-31T20:00:00Z'))).toEqual([]);
    // Erased in another system: the crm copy is still held.
    expect(retention(collected('crm', 'support', '2025-01-31'), erased('portal', '2025-01-20T10:00:00Z'))).toEqual([
      expect.objectContaining({ status: 'open' }),
    ]);
  });

  it('restarts the account only on ServiceStarted; facts out of order are judged by their times', () => {
    const ended = e('ServiceEnded', '2024-06-30T12:00:00Z', { system: 'portal', allServices: true });
    const started = e('ServiceStarted', '2024-09-01T12:00:00Z', { system: 'portal' });
    expect(retention(ended, started)).toEqual([]);
    expect(retention(started, ended)).toEqual([]);
    const startedBefore = e('ServiceStarted', '2024-01-01T12:00:00Z', { system: 'portal' });
    expect(retention(startedBefore, ended).map((f) => f.dueAt)).toEqual(['2026-06-30T12:00:00.000Z']);
  });
});
