import type { LedgerEvent } from '../catalog/event-data';
import { subjectDecider } from '../deciders/subject.decider';
import { fold } from '../deciders/decider';
import { subjectFindings } from '../findings/subject-findings';
import { FOLD_LIMITS } from '../limits/fold-limits';
import { fromStoredJson, toStoredJson } from './stored-json';
import { SubjectProfile, emptyProfile, evolveProfile, isCollected } from './subject-profile';
import { dataMap } from './data-map';

let n = 0;
const e = (type: string, data: Record<string, unknown>, occurredAt = '2025-01-10T10:00:00Z'): LedgerEvent =>
  ({ id: `e${String(++n).padStart(8, '0')}`, type, occurredAt, recordedAt: occurredAt, streamId: 'subject-S', revision: n, position: n, data }) as unknown as LedgerEvent;
const profileOf = (...events: LedgerEvent[]): SubjectProfile => events.reduce(evolveProfile, emptyProfile('S', '2025-01-01T00:00:00Z'));
const policy = { accountRetentionMonths: 24, recipientCountry: () => undefined };
const share = (recipientId: string, extra: Record<string, unknown> = {}) =>
  e('PersonalDataSharedWithProcessor', { recipientId, categories: ['user.name'], purpose: 'hosting', legalBasis: 'contract', ...extra });
const collected = (categories: string[], extra: Record<string, unknown> = {}) =>
  e('PersonalDataCollected', { categories, purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm', ...extra });

/** Names an older ledger let through: the folds must keep them as plain keys and reach no prototype. */
const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('subject profile fold', () => {
  describe('labels from emitters are keys of Maps, never of plain objects', () => {
    it.each(HOSTILE.map((name) => [name]))('keeps %s as a purpose, a request, a recipient and a breach like any other name', (name) => {
      const p = profileOf(
        collected(['user.name']),
        e('ConsentGiven', { purpose: name }),
        e('ConsentWithdrawn', { purpose: name }),
        e('ObjectionRecorded', { purpose: name }),
        e('SubjectRequestReceived', { requestId: 'R-VICTIM', right: 'access' }),
        e('PersonalDataExported', { requestId: name, right: 'access', categories: ['user.name'], format: 'json' }),
        share(name, { purpose: name }),
        e('RecipientNotifiedOfErasure', { recipientId: name }),
        e('PersonalDataBreached', { breachId: name, categories: ['user.name'] }),
      );
      expect([...p.consents.keys()]).toEqual([name]);
      expect([...p.objections.keys()]).toEqual([name]);
      expect([...p.recipients.keys()]).toEqual([name]);
      expect([...p.erasureNotices.keys()]).toEqual([name]);
      expect([...p.breaches.keys()]).toEqual([name]);
      expect(p.purposes.get(name)?.lastEventId).toBeDefined();
      // The victim's request is still open: the export named another one.
      expect(subjectFindings(p, policy).filter((f) => f.rule === 'request-unanswered').map((f) => f.detail.requestId)).toEqual(['R-VICTIM']);
      expect(dataMap(p, () => undefined).categories[0].recipients).toEqual([{ recipientId: name }]);
      for (const member of ['givenAt', 'withdrawnAt', 'answeredAt', 'lastAt', 'categories']) expect(Object.prototype).not.toHaveProperty(member);
    });

    it('keeps them through the stored JSON', () => {
      const p = profileOf(collected(['user.name']), e('ConsentGiven', { purpose: '__proto__' }), share('toString'));
      const back = fromStoredJson<SubjectProfile>(toStoredJson(p));
      expect(back).toEqual(p);
      expect(back.consents.get('__proto__')).toEqual({ givenAt: '2025-01-10T10:00:00Z' });
      expect(Object.getPrototypeOf(back.consents)).toBe(Map.prototype);
    });

    it('keeps them in the erasure state the decider folds, and through its stored JSON', () => {
      const facts = [
        { id: 'a', type: 'PersonalDataCollected', occurredAt: '2025-01-01T00:00:00Z', data: { categories: ['user.name'], system: 'crm' } },
        { id: 'b', type: 'PersonalDataSharedWithProcessor', occurredAt: '2025-01-02T00:00:00Z', data: { recipientId: '__proto__', categories: ['user.name'] } },
        { id: 'c', type: 'SubjectRequestReceived', occurredAt: '2025-01-03T00:00:00Z', data: { requestId: 'toString', right: 'erasure' } },
        { id: 'd', type: 'PersonalDataErased', occurredAt: '2025-01-04T00:00:00Z', data: { requestId: 'toString', system: 'crm', categories: ['user.name'] } },
      ];
      const state = fromStoredJson<ReturnType<typeof subjectDecider.initialState>>(toStoredJson(fold(subjectDecider, facts)));
      expect([...state.received.keys()]).toEqual(['__proto__']);
      expect(subjectDecider.decide({ type: 'ShredDueKeys', eventId: 's', at: '2025-02-01T00:00:00Z' }, state)).toEqual([]);
      const told = subjectDecider.evolve(state, { id: 'e', type: 'RecipientNotifiedOfErasure', occurredAt: '2025-01-05T00:00:00Z', data: { recipientId: '__proto__' } });
      expect(subjectDecider.decide({ type: 'ShredDueKeys', eventId: 's', at: '2025-02-01T00:00:00Z' }, told)).toHaveLength(1);
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
        e('PersonalDataSharedWithProcessor', { recipientId: 'cpanel', categories: ['user.name'], purpose: 'hosting', legalBasis: 'contract', transfer: { country: 'US', safeguard: 'none' } }, `2025-01-10T10:${String(i % 60).padStart(2, '0')}:00Z`),
      );
      const p = profileOf(...shares);
      const recipient = p.recipients.get('cpanel')!;
      expect(recipient.transfers.size).toBe(1);
      expect(recipient.uncollected.size).toBe(1);
      expect(recipient.uncollected.get('user.name')!.at).toBe('2025-01-10T10:00:00Z');
      // One finding each, not one per share.
      expect(subjectFindings(p, policy).map((f) => f.rule).sort()).toEqual(['shared-without-collection', 'transfer-without-safeguard']);
    });

    it(`keeps at most ${FOLD_LIMITS.erasuresPerSubject} erasures and ${FOLD_LIMITS.requestsPerSubject} requests`, () => {
      const p = profileOf(
        ...Array.from({ length: FOLD_LIMITS.erasuresPerSubject + 5 }, (_, i) => e('PersonalDataErased', { ground: 'other', system: `s${i}`, categories: ['user.name'] })),
        ...Array.from({ length: FOLD_LIMITS.requestsPerSubject + 5 }, (_, i) => e('SubjectRequestReceived', { requestId: `R-${i}`, right: 'access' })),
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
