import type { LedgerEvent, PersonalDataCollected, PersonalDataSharedWithProcessor } from '../catalog/event-data';
import { fold } from '../deciders/decider';
import { ErasureState, erasureDecider } from '../erasure/erasure.decider';
import { event as e, fact } from '../testing/facts';
import { subjectFindings } from '../findings/subject-findings';
import { FOLD_LIMITS } from '../limits/fold-limits';
import { fromStoredJson, toStoredJson } from './stored-json';
import { SubjectProfile, emptyProfile, evolveProfile, isCollected } from './subject-profile';
import { dataMap } from './data-map';

const profileOf = (...events: LedgerEvent[]): SubjectProfile => events.reduce(evolveProfile, emptyProfile('S', '2025-01-01T00:00:00Z'));
const policy = { accountRetentionMonths: 24, recipientCountry: () => undefined };
const share = (recipientId: string, extra: Partial<PersonalDataSharedWithProcessor> = {}, occurredAt = '2025-01-10T10:00:00Z') =>
  e('PersonalDataSharedWithProcessor', { recipientId, categories: ['user.name'], purpose: 'hosting', legalBasis: 'contract', ...extra }, occurredAt);
const collected = (categories: string[], extra: Partial<PersonalDataCollected> = {}, occurredAt = '2025-01-10T10:00:00Z') =>
  e('PersonalDataCollected', { categories, purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm', ...extra }, occurredAt);

/** Names an older ledger let through: the folds must keep them as plain keys and reach no prototype. */
const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('subject profile fold', () => {
  describe('labels from emitters are keys of Maps, never of plain objects', () => {
    it.each(HOSTILE.map((name) => [name]))('keeps %s as a purpose, a request, a recipient and a breach like any other name', (name) => {
      const p = profileOf(
        collected(['user.name']),
        e('ConsentGiven', { purpose: name }, '2025-01-10T10:00:00Z'),
        e('ConsentWithdrawn', { purpose: name }, '2025-01-10T10:00:00Z'),
        e('ObjectionRecorded', { purpose: name }, '2025-01-10T10:00:00Z'),
        e('SubjectRequestReceived', { requestId: 'R-VICTIM', right: 'access' }, '2025-01-10T10:00:00Z'),
        e('PersonalDataExported', { requestId: name, right: 'access', categories: ['user.name'], format: 'json' }, '2025-01-10T10:00:00Z'),
        share(name, { purpose: name }),
        e('RecipientNotifiedOfErasure', { recipientId: name, requestId: name }, '2025-01-10T10:00:00Z'),
        e('PersonalDataBreached', { breachId: name, categories: ['user.name'] }, '2025-01-10T10:00:00Z'),
      );
      expect([...p.consents.keys()]).toEqual([name]);
      expect([...p.objections.keys()]).toEqual([name]);
      expect([...p.recipients.keys()]).toEqual([name]);
      expect([...p.erasureNotices.pending]).toEqual([[name, new Map([[name, '2025-01-10T10:00:00Z']])]]);
      expect([...p.breaches.keys()]).toEqual([name]);
      expect(p.purposes.get(name)?.lastEventId).toBeDefined();
      // The victim's request is still open: the export named another one.
      expect(
        subjectFindings(p, policy)
          .filter((f) => f.rule === 'request-unanswered')
          .map((f) => f.detail.requestId),
      ).toEqual(['R-VICTIM']);
      expect(dataMap(p, () => undefined).categories[0].recipients).toEqual([{ recipientId: name }]);
      for (const member of ['givenAt', 'withdrawnAt', 'answeredAt', 'lastAt', 'categories']) expect(Object.prototype).not.toHaveProperty(member);
    });

    it('keeps them through the stored JSON', () => {
      const p = profileOf(collected(['user.name']), e('ConsentGiven', { purpose: '__proto__' }, '2025-01-10T10:00:00Z'), share('toString'));
      const back = fromStoredJson<SubjectProfile>(toStoredJson(p));
      expect(back).toEqual(p);
      expect(back.consents.get('__proto__')).toEqual({ givenAt: '2025-01-10T10:00:00Z' });
      expect(Object.getPrototypeOf(back.consents)).toBe(Map.prototype);
    });

    it('keeps them in the erasure state the decider folds, and through its stored JSON', () => {
      const facts = [
        fact(
          'PersonalDataCollected',
          { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
          '2025-01-01T00:00:00Z',
        ),
        fact(
          'PersonalDataSharedWithProcessor',
          { recipientId: '__proto__', categories: ['user.name'], purpose: 'hosting', legalBasis: 'contract' },
          '2025-01-02T00:00:00Z',
        ),
        fact('SubjectRequestReceived', { requestId: 'toString', right: 'erasure' }, '2025-01-03T00:00:00Z'),
        fact('PersonalDataErased', { requestId: 'toString', ground: 'subject-request', system: 'crm', categories: ['user.name'] }, '2025-01-04T00:00:00Z'),
      ];
      const state = fromStoredJson<ErasureState>(toStoredJson(fold(erasureDecider, facts)));
      expect([...state.received.keys()]).toEqual(['__proto__']);
      expect(erasureDecider.decide({ type: 'ShredDueKeys', eventId: 's', at: '2025-02-01T00:00:00Z' }, state)).toEqual([]);
      const told = erasureDecider.evolve(state, fact('RecipientNotifiedOfErasure', { recipientId: '__proto__' }, '2025-01-05T00:00:00Z'));
      expect(erasureDecider.decide({ type: 'ShredDueKeys', eventId: 's', at: '2025-02-01T00:00:00Z' }, told)).toHaveLength(1);
    });
  });

  describe('bounded', () => {
    it(`tracks at most ${FOLD_LIMITS.categoriesPerSubject} categories and counts what it left out`, () => {
      const many = Array.from({ length: 3 }, (_, batch) => collected(Array.from({ length: 200 }, (_, i) => `custom.c${batch}_${i}`)));
      const p = profileOf(...many);
      expect(p.categories.size).toBe(FOLD_LIMITS.categoriesPerSubject);
      expect(p.overLimit.categoriesPerSubject).toBeGreaterThanOrEqual(600 - FOLD_LIMITS.categoriesPerSubject);
      expect(dataMap(p, () => undefined).overLimit).toEqual(p.overLimit);
    });

    it('keeps one transfer per country and safeguard, and one uncollected entry per category, however often they are stated', () => {
      const shares = Array.from({ length: 500 }, (_, i) =>
        share('cpanel', { transfer: { country: 'US', safeguard: 'none' } }, `2025-01-10T10:${String(i % 60).padStart(2, '0')}:00Z`),
      );
      const p = profileOf(...shares);
      const recipient = p.recipients.get('cpanel')!;
      expect(recipient.transfers.size).toBe(1);
      expect(recipient.uncollected.size).toBe(1);
      expect(recipient.uncollected.get('user.name')!.at).toBe('2025-01-10T10:00:00Z');
      // One finding each, not one per share.
      expect(
        subjectFindings(p, policy)
          .map((f) => f.rule)
          .sort(),
      ).toEqual(['shared-without-collection', 'transfer-without-safeguard']);
    });

    it(`keeps at most ${FOLD_LIMITS.erasuresPerSubject} erasures and ${FOLD_LIMITS.requestsPerSubject} requests`, () => {
      const p = profileOf(
        ...Array.from({ length: FOLD_LIMITS.erasuresPerSubject + 5 }, (_, i) =>
          e('PersonalDataErased', { ground: 'other', system: `s${i}`, categories: ['user.name'] }, '2025-01-10T10:00:00Z'),
        ),
        ...Array.from({ length: FOLD_LIMITS.requestsPerSubject + 5 }, (_, i) =>
          e('SubjectRequestReceived', { requestId: `R-${i}`, right: 'access' }, '2025-01-10T10:00:00Z'),
        ),
      );
      expect(p.erasures).toHaveLength(FOLD_LIMITS.erasuresPerSubject);
      expect(p.requests.size).toBe(FOLD_LIMITS.requestsPerSubject);
      expect(p.overLimit).toMatchObject({ erasuresPerSubject: 5, requestsPerSubject: 5 });
    });

    it('stores the same size after the ten-thousandth repeat of a fact as after the first', () => {
      const fact = () => share('cpanel', { transfer: { country: 'US', safeguard: 'scc' } });
      const once = toStoredJson(profileOf(collected(['user.name']), fact())).length;
      const p = profileOf(collected(['user.name']), ...Array.from({ length: 10_000 }, fact));
      expect(toStoredJson({ ...p, events: 2 }).length).toBe(once);
    });
  });

  it('counts a category as collected when it or a broader one was, by its key alone', () => {
    const p = profileOf(collected(['user.contact']));
    expect(isCollected(p, 'user.contact.email')).toBe(true);
    expect(isCollected(p, 'user.contact')).toBe(true);
    expect(isCollected(p, 'user.contactless')).toBe(false);
    expect(isCollected(p, 'user.name')).toBe(false);
  });
});
