import type { EventDataByType, LedgerEvent, LedgerEventType, PersonalDataCollected } from '../catalog/event-data';
import { subjectFindings } from '../findings/subject-findings';
import { event } from '../testing/facts';
import { dataMap } from './data-map';
import { emptyProfile, evolveProfile } from './subject-profile';

const e = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => event(type, data, occurredAt);
const profile = (...events: LedgerEvent[]) => events.reduce(evolveProfile, emptyProfile('S', events[0].occurredAt));
const collected = (at: string, extra: Partial<PersonalDataCollected> = {}) =>
  e('PersonalDataCollected', at, {
    categories: ['user.financial.bank_account'],
    purpose: 'invoicing',
    legalBasis: 'legal-obligation',
    source: 'data-subject',
    system: 'billing',
    ...extra,
  });
const erasedWithHold = e('PersonalDataErased', '2025-02-10T10:00:00Z', {
  ground: 'subject-request',
  system: 'billing',
  categories: ['user.financial.bank_account'],
  retained: [{ categories: ['user.financial.bank_account'], legalGround: 'Art. 52 AWR', until: '2032-12-31' }],
});
const rules = (...events: LedgerEvent[]) =>
  subjectFindings(profile(...events), { accountRetentionMonths: 24, recipientCountry: () => undefined })
    .map((f) => f.rule)
    .filter((r) => r === 'processing-after-erasure' || r === 'retained-data-misused');

describe('status per system and key group', () => {
  it('says per system whether a category is held, erased or retained, and until when a retained group is readable', () => {
    const p = profile(
      collected('2023-05-31T00:00:00Z'),
      collected('2023-06-01T00:00:00Z', { system: 'crm', purpose: 'service', legalBasis: 'contract' }),
      erasedWithHold,
      e('PersonalDataErased', '2025-02-11T10:00:00Z', { ground: 'subject-request', system: 'crm', categories: ['user.financial.bank_account'] }),
    );
    const [entry] = dataMap(p, () => undefined).categories;
    expect(entry.bySystem).toEqual([
      {
        system: 'billing',
        status: 'retained',
        keyGroup: 'fiscal',
        erasedAt: '2025-02-10T10:00:00Z',
        retainedUntil: '2032-12-31T00:00:00.000Z',
        readableUntil: '2032-12-31T00:00:00.000Z',
      },
      { system: 'crm', status: 'erased', keyGroup: 'fiscal', erasedAt: '2025-02-11T10:00:00Z' },
    ]);
  });

  it('holds the data again when a returning customer gives it again, not processing after erasure', () => {
    const name = (at: string, source: PersonalDataCollected['source'] = 'data-subject') =>
      e('PersonalDataCollected', at, { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source, system: 'portal' });
    const erased = e('PersonalDataErased', '2025-02-10T10:00:00Z', { ground: 'subject-request', system: 'portal', categories: ['user.name'] });
    const back = profile(name('2023-01-01T00:00:00Z'), erased, name('2026-01-05T10:00:00Z'), name('2026-02-01T10:00:00Z', 'observed'));
    expect(dataMap(back, () => undefined).categories[0]).toMatchObject({ status: 'held', bySystem: [{ system: 'portal', status: 'held' }] });
    expect(rules(name('2023-01-01T00:00:00Z'), erased, name('2026-01-05T10:00:00Z'))).toEqual([]);
    // Processing between the erasure and the return is still a finding.
    expect(rules(name('2023-01-01T00:00:00Z'), erased, name('2025-06-01T10:00:00Z', 'observed'), name('2026-01-05T10:00:00Z'))).toEqual([
      'processing-after-erasure',
    ]);
    // Still found when many later facts have pushed it out of the kept window.
    const later = Array.from({ length: 12 }, (_, i) => name(new Date(Date.UTC(2026, 1, 1) + i * 86_400_000).toISOString(), 'observed'));
    expect(rules(name('2023-01-01T00:00:00Z'), erased, name('2025-06-01T10:00:00Z', 'observed'), name('2026-01-05T10:00:00Z'), ...later)).toEqual([
      'processing-after-erasure',
    ]);
    const returned = profile(name('2023-01-01T00:00:00Z'), erased, name('2026-01-05T10:00:00Z'), ...later);
    expect(dataMap(returned, () => undefined).categories[0].status).toBe('held');
    expect(rules(name('2023-01-01T00:00:00Z'), erased, name('2026-01-05T10:00:00Z'), ...later)).toEqual([]);
  });

  it('finds retained data used for another purpose than the obligation it is kept for', () => {
    const reminder = e('PersonalDataSharedWithProcessor', '2025-04-01T10:00:00Z', {
      recipientId: 'incasso-bv',
      categories: ['user.financial.bank_account'],
      purpose: 'invoicing',
      legalBasis: 'legal-obligation',
    });
    const mailing = e('PersonalDataSharedWithProcessor', '2025-04-01T10:00:00Z', {
      recipientId: 'mailer',
      categories: ['user.financial.bank_account'],
      purpose: 'marketing',
      legalBasis: 'legitimate-interests',
    });
    expect(rules(collected('2023-05-31T00:00:00Z'), erasedWithHold, reminder)).toEqual([]);
    expect(rules(collected('2023-05-31T00:00:00Z'), erasedWithHold, mailing)).toEqual(['retained-data-misused']);
  });
});
