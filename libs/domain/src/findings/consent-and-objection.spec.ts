import type { EventDataByType, LedgerEvent, LedgerEventType, PersonalDataCollected } from '../catalog/event-data';
import { emptyProfile, evolveProfile } from '../read-models/subject-profile';
import { event } from '../testing/facts';
import { subjectFindings } from './subject-findings';

const e = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => event(type, data, occurredAt);
const judged = (rule: string, ...events: LedgerEvent[]) =>
  subjectFindings(events.reduce(evolveProfile, emptyProfile('S', events[0].occurredAt)), { accountRetentionMonths: 24, recipientCountry: () => undefined })
    .filter((f) => f.rule === rule)
    .map((f) => ({ purpose: f.detail.purpose, processedAt: f.detail.processedAt, basis: f.detail.legalBasis }));
const processed = (at: string, purpose: string, legalBasis: PersonalDataCollected['legalBasis'], extra: Partial<PersonalDataCollected> = {}) =>
  e('PersonalDataCollected', at, { categories: ['user.contact.email'], purpose, legalBasis, source: 'derived', system: 'mailer', ...extra });
const given = (at: string, purpose = 'newsletter') => e('ConsentGiven', at, { purpose });
const withdrawn = (at: string, purpose = 'newsletter') => e('ConsentWithdrawn', at, { purpose });
const objected = (at: string, purpose: string, directMarketing?: boolean) =>
  e('ObjectionRecorded', at, { purpose, ...(directMarketing ? { directMarketing } : {}) });
const overridden = (at: string, purpose: string) => e('ObjectionOverridden', at, { purpose, reason: 'fraud prevention' });

describe('consent in time (Art. 7(3))', () => {
  it('flags processing in the gap between withdrawal and a new consent, which the new consent does not cure', () => {
    const facts = [
      given('2024-01-01T00:00:00Z'),
      withdrawn('2024-02-01T00:00:00Z'),
      processed('2024-02-10T00:00:00Z', 'newsletter', 'consent'),
      given('2024-03-01T00:00:00Z'),
      processed('2024-03-10T00:00:00Z', 'newsletter', 'consent'),
    ];
    expect(judged('processing-after-consent-withdrawn', ...facts)).toEqual([{ purpose: 'newsletter', processedAt: '2024-02-10T00:00:00Z', basis: 'consent' }]);
  });

  it('judges each fact by the consent of its own time, whatever order the facts arrive in', () => {
    const facts = [
      processed('2024-03-10T00:00:00Z', 'newsletter', 'consent'),
      given('2024-03-01T00:00:00Z'),
      withdrawn('2024-02-01T00:00:00Z'),
      given('2024-01-01T00:00:00Z'),
    ];
    expect(judged('processing-after-consent-withdrawn', ...facts)).toEqual([]);
  });

  it('keeps a violation found among facts that left the bounded window', () => {
    const later = Array.from({ length: 40 }, (_, i) => processed(new Date(Date.UTC(2024, 3, 1) + i * 86_400_000).toISOString(), 'newsletter', 'consent'));
    const facts = [
      given('2024-01-01T00:00:00Z'),
      withdrawn('2024-02-01T00:00:00Z'),
      processed('2024-02-10T00:00:00Z', 'newsletter', 'consent'),
      given('2024-03-01T00:00:00Z'),
      ...later,
    ];
    expect(judged('processing-after-consent-withdrawn', ...facts)).toEqual([{ purpose: 'newsletter', processedAt: '2024-02-10T00:00:00Z', basis: 'consent' }]);
  });

  it('flags switching to another basis after a withdrawal', () => {
    const facts = [given('2024-01-01T00:00:00Z'), withdrawn('2024-02-01T00:00:00Z'), processed('2024-02-10T00:00:00Z', 'newsletter', 'legitimate-interests')];
    expect(judged('processing-after-consent-withdrawn', ...facts)).toEqual([
      { purpose: 'newsletter', processedAt: '2024-02-10T00:00:00Z', basis: 'legitimate-interests' },
    ]);
  });
});

describe('objection in time (Art. 21)', () => {
  it('to direct marketing is absolute: any basis, and compelling grounds do not override it', () => {
    const marked = processed('2024-01-01T00:00:00Z', 'offers', 'consent', { directMarketing: true });
    expect(
      judged(
        'processing-after-objection',
        marked,
        objected('2024-02-01T00:00:00Z', 'offers'),
        overridden('2024-02-05T00:00:00Z', 'offers'),
        processed('2024-02-10T00:00:00Z', 'offers', 'contract'),
      ),
    ).toEqual([{ purpose: 'offers', processedAt: '2024-02-10T00:00:00Z', basis: 'contract' }]);
  });

  it('under Art. 21(1) concerns processing on 6(1)(e) or (f) only', () => {
    expect(
      judged('processing-after-objection', objected('2024-02-01T00:00:00Z', 'profiling'), processed('2024-02-10T00:00:00Z', 'profiling', 'contract')),
    ).toEqual([]);
    expect(
      judged(
        'processing-after-objection',
        objected('2024-02-01T00:00:00Z', 'profiling'),
        processed('2024-02-10T00:00:00Z', 'profiling', 'legitimate-interests'),
      ),
    ).toEqual([{ purpose: 'profiling', processedAt: '2024-02-10T00:00:00Z', basis: 'legitimate-interests' }]);
    expect(
      judged('processing-after-objection', objected('2024-02-01T00:00:00Z', 'statistics'), processed('2024-02-10T00:00:00Z', 'statistics', 'public-task')),
    ).toHaveLength(1);
  });

  it('under Art. 21(1) ends where compelling grounds are shown; processing before them stays a finding', () => {
    expect(
      judged(
        'processing-after-objection',
        objected('2024-02-01T00:00:00Z', 'security'),
        overridden('2024-02-05T00:00:00Z', 'security'),
        processed('2024-02-10T00:00:00Z', 'security', 'legitimate-interests'),
      ),
    ).toEqual([]);
    expect(
      judged(
        'processing-after-objection',
        objected('2024-02-01T00:00:00Z', 'security'),
        processed('2024-02-03T00:00:00Z', 'security', 'legitimate-interests'),
        overridden('2024-02-05T00:00:00Z', 'security'),
      ),
    ).toHaveLength(1);
  });

  it('ends with a later consent for the purpose', () => {
    expect(
      judged(
        'processing-after-objection',
        objected('2024-02-01T00:00:00Z', 'offers', true),
        given('2024-03-01T00:00:00Z', 'offers'),
        processed('2024-03-10T00:00:00Z', 'offers', 'consent'),
      ),
    ).toEqual([]);
  });
});
