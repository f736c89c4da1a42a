import type { EventDataByType, LedgerEvent, LedgerEventType, PersonalDataCollected } from '../catalog/event-data';
import { emptyProfile, evolveProfile } from '../read-models/subject-profile';
import { event } from '../testing/facts';
import { Finding, isVisibleAt } from './finding';
import { subjectFindings } from './subject-findings';

const e = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => event(type, data, occurredAt);

const registered: Record<string, { country: string; safeguard?: string }> = { cpanel: { country: 'US', safeguard: 'dpf' }, shady: { country: 'CN' } };
const findings = (...events: LedgerEvent[]): Finding[] =>
  subjectFindings(events.reduce(evolveProfile, emptyProfile('S', events[0].occurredAt)), {
    accountRetentionMonths: 24,
    recipientCountry: (id) => registered[id],
  });
const visible = (fs: Finding[], now: string) => fs.filter((f) => isVisibleAt(f, new Date(now)) && f.status === 'open').map((f) => f.rule);

const collected = (at: string, extra: Partial<PersonalDataCollected> = {}) =>
  e('PersonalDataCollected', at, {
    categories: ['user.name', 'user.contact.email'],
    purpose: 'service',
    legalBasis: 'contract',
    source: 'data-subject',
    system: 'portal',
    ...extra,
  });

describe('subject findings', () => {
  describe('requests (Art. 12(3))', () => {
    const received = e('SubjectRequestReceived', '2025-01-31T10:00:00Z', { requestId: 'R', right: 'access' });

    it('makes a request due one calendar month after receipt (31 Jan → 28 Feb)', () => {
      expect(findings(received)).toEqual([expect.objectContaining({ rule: 'request-unanswered', dueAt: '2025-02-28T23:59:59.999Z', status: 'open' })]);
    });

    it('finds nothing when answered on the due date itself', () => {
      expect(
        findings(received, e('PersonalDataExported', '2025-02-28T10:00:00Z', { requestId: 'R', right: 'access', categories: ['user.name'], format: 'json' })),
      ).toEqual([]);
    });

    it('records an answer a day late as a closed finding', () => {
      expect(findings(received, e('SubjectRequestRejected', '2025-03-01T10:00:00Z', { requestId: 'R' }))).toEqual([
        expect.objectContaining({ rule: 'request-answered-late', status: 'closed', closedAt: '2025-03-01T10:00:00.000Z' }),
      ]);
    });

    it('moves the deadline with an extension, but never beyond three months', () => {
      const extended = e('SubjectRequestExtended', '2025-02-10T00:00:00Z', { requestId: 'R', until: '2025-04-15', reason: 'complex' });
      expect(findings(received, extended)[0].dueAt).toBe('2025-04-15T23:59:59.999Z');
      const tooFar = e('SubjectRequestExtended', '2025-02-10T00:00:00Z', { requestId: 'R', until: '2025-06-30', reason: 'complex' });
      expect(findings(received, tooFar)[0].dueAt).toBe('2025-04-30T23:59:59.999Z');
    });
  });

  describe('retention', () => {
    const ended = e('ServiceEnded', '2024-06-30T12:00:00Z', { system: 'portal', allServices: true });

    it('is no finding the day before the account is due for deletion, and one the day after', () => {
      const fs = findings(collected('2023-01-01T00:00:00Z'), ended);
      expect(visible(fs, '2026-06-29T12:00:00Z')).toEqual([]);
      expect(visible(fs, '2026-07-01T12:00:00Z')).toEqual(['retention-passed']);
    });

    it('starts again when a new service begins (ServiceStarted), not on a mere contract-basis collection', () => {
      expect(findings(collected('2023-01-01T00:00:00Z'), ended, e('ServiceStarted', '2025-01-01T00:00:00Z', { system: 'portal' }))).toEqual([]);
      expect(findings(collected('2023-01-01T00:00:00Z'), ended, collected('2025-01-01T00:00:00Z')).map((f) => f.rule)).toEqual(['retention-passed']);
    });

    it('closes when the data was erased', () => {
      const erased = e('PersonalDataErased', '2026-07-02T00:00:00Z', {
        ground: 'retention-expired',
        system: 'portal',
        categories: ['user.name', 'user.contact.email'],
      });
      expect(visible(findings(collected('2023-01-01T00:00:00Z'), ended, erased), '2026-08-01T00:00:00Z')).toEqual([]);
    });

    it('closes a retained category only with the shred of its own group, after its date', () => {
      const erased = e('PersonalDataErased', '2025-01-01T00:00:00Z', {
        ground: 'subject-request',
        system: 'portal',
        categories: ['user.name', 'user.contact.email'],
        retained: [
          { categories: ['user.contact.email'], legalGround: 'contract dispute', until: '2026-01-01' },
          { categories: ['user.financial.bank_account'], legalGround: 'AWR', until: '2032-12-31' },
        ],
      });
      const shredContact = e('SubjectDataShredded', '2026-01-02T00:00:00Z', { keyGroups: ['contact'], reason: 'retention-expired' });
      const byCategory = Object.fromEntries(findings(collected('2023-01-01T00:00:00Z'), erased, shredContact).map((f) => [f.detail.category, f]));
      expect(byCategory['user.contact.email']).toMatchObject({ status: 'closed', closedAt: '2026-01-02T00:00:00.000Z' });
      // The date keeps the data to the end of 2032-12-31 (UTC without a controller profile).
      expect(byCategory['user.financial.bank_account']).toMatchObject({ status: 'open', dueAt: '2032-12-31T23:59:59.999Z' });
      const shredFiscal = e('SubjectDataShredded', '2033-01-02T00:00:00Z', { keyGroups: ['fiscal'], reason: 'retention-expired' });
      const later = findings(collected('2023-01-01T00:00:00Z'), erased, shredContact, shredFiscal).find(
        (f) => f.detail.category === 'user.financial.bank_account',
      );
      expect(later).toMatchObject({ status: 'closed', closedAt: '2033-01-02T00:00:00.000Z' });
    });

    it('follows a retention date given on collection', () => {
      const fs = findings(collected('2023-01-01T00:00:00Z', { retention: { until: '2025-01-01' } }));
      // A date means the whole day (end of 2025-01-01, UTC without a controller profile).
      expect(visible(fs, '2025-01-01T23:59:59Z')).toEqual([]);
      expect(visible(fs, '2025-01-02T00:00:01Z')).toEqual(['retention-passed', 'retention-passed']);
    });
  });

  describe('erasure (Art. 17, 19)', () => {
    const share = e('PersonalDataSharedWithProcessor', '2024-01-02T00:00:00Z', {
      recipientId: 'cpanel',
      categories: ['user.name'],
      purpose: 'hosting',
      legalBasis: 'contract',
      transfer: { country: 'US', safeguard: 'dpf' },
    });
    const erased = e('PersonalDataErased', '2025-02-10T10:00:00Z', {
      ground: 'subject-request',
      system: 'portal',
      categories: ['user.name', 'user.contact.email'],
    });

    it('opens a finding for each recipient that received erased data and was not told', () => {
      expect(findings(collected('2024-01-01T00:00:00Z'), share, erased)).toEqual([
        expect.objectContaining({
          rule: 'erasure-not-propagated',
          status: 'open',
          dueAt: '2025-03-10T10:00:00.000Z',
          detail: expect.objectContaining({ recipientId: 'cpanel', categories: ['user.name'] }),
        }),
      ]);
    });

    it('closes it when the recipient is told late, and has none when told in time', () => {
      const late = e('RecipientNotifiedOfErasure', '2025-04-01T00:00:00Z', { recipientId: 'cpanel' });
      expect(findings(collected('2024-01-01T00:00:00Z'), share, erased, late)).toEqual([
        expect.objectContaining({ rule: 'erasure-not-propagated', status: 'closed' }),
      ]);
      const inTime = e('RecipientNotifiedOfErasure', '2025-02-11T00:00:00Z', { recipientId: 'cpanel' });
      expect(findings(collected('2024-01-01T00:00:00Z'), share, erased, inTime)).toEqual([]);
    });

    it('finds processing of an erased category after the erasure', () => {
      expect(findings(collected('2024-01-01T00:00:00Z'), erased, collected('2025-03-01T00:00:00Z', { source: 'observed' })).map((f) => f.rule)).toContain(
        'processing-after-erasure',
      );
    });

    it('holds the data again when the subject comes back and gives it again (no processing after erasure)', () => {
      expect(findings(collected('2024-01-01T00:00:00Z'), erased, collected('2025-03-01T00:00:00Z')).map((f) => f.rule)).not.toContain(
        'processing-after-erasure',
      );
    });
  });

  describe('sharing and transfers', () => {
    it('finds data shared that was never recorded as collected', () => {
      const share = e('PersonalDataSharedWithProcessor', '2024-01-02T00:00:00Z', {
        recipientId: 'cpanel',
        categories: ['user.financial.bank_account'],
        purpose: 'x',
        legalBasis: 'contract',
      });
      expect(findings(collected('2024-01-01T00:00:00Z'), share).map((f) => f.rule)).toEqual(['shared-without-collection']);
    });

    it('counts a broader collected category as covering a narrower shared one', () => {
      const share = e('PersonalDataSharedWithProcessor', '2024-01-02T00:00:00Z', {
        recipientId: 'cpanel',
        categories: ['user.name.first'],
        purpose: 'x',
        legalBasis: 'contract',
      });
      expect(findings(collected('2024-01-01T00:00:00Z'), share)).toEqual([]);
    });

    it('finds a transfer outside the EEA without a safeguard, stated or registered', () => {
      const stated = e('PersonalDataSharedWithProcessor', '2024-01-02T00:00:00Z', {
        recipientId: 'x',
        categories: ['user.name'],
        purpose: 'x',
        legalBasis: 'contract',
        transfer: { country: 'IN', safeguard: 'none' },
      });
      expect(findings(collected('2024-01-01T00:00:00Z'), stated).map((f) => f.rule)).toEqual(['transfer-without-safeguard']);
      const registeredOnly = e('PersonalDataSharedWithProcessor', '2024-01-02T00:00:00Z', {
        recipientId: 'shady',
        categories: ['user.name'],
        purpose: 'x',
        legalBasis: 'contract',
      });
      expect(findings(collected('2024-01-01T00:00:00Z'), registeredOnly).map((f) => f.rule)).toEqual(['transfer-without-safeguard']);
      const inEea = e('PersonalDataSharedWithProcessor', '2024-01-02T00:00:00Z', {
        recipientId: 'x',
        categories: ['user.name'],
        purpose: 'x',
        legalBasis: 'contract',
        transfer: { country: 'NO', safeguard: 'none' },
      });
      expect(findings(collected('2024-01-01T00:00:00Z'), inEea)).toEqual([]);
    });
  });

  describe('objection and consent', () => {
    it('finds processing for a purpose after the subject objected to it', () => {
      const objected = e('ObjectionRecorded', '2024-04-15T00:00:00Z', { purpose: 'marketing' });
      expect(findings(collected('2024-01-01T00:00:00Z', { purpose: 'marketing', legalBasis: 'legitimate-interests' }), objected)).toEqual([]);
      expect(findings(objected, collected('2024-05-01T00:00:00Z', { purpose: 'marketing', legalBasis: 'legitimate-interests' })).map((f) => f.rule)).toEqual([
        'processing-after-objection',
      ]);
    });

    it('finds consent-based processing after consent was withdrawn, not after it was given again', () => {
      const withdrawn = e('ConsentWithdrawn', '2024-04-15T00:00:00Z', { purpose: 'newsletter' });
      const after = collected('2024-05-01T00:00:00Z', { purpose: 'newsletter', legalBasis: 'consent' });
      expect(findings(withdrawn, after).map((f) => f.rule)).toEqual(['processing-after-consent-withdrawn']);
      expect(findings(withdrawn, e('ConsentGiven', '2024-04-20T00:00:00Z', { purpose: 'newsletter' }), after)).toEqual([]);
    });
  });
});
