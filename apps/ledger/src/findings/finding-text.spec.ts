import { FINDING_RULES, Finding, LedgerEvent, breachFindings, emptyBreach, emptyProfile, evolveBreach, evolveProfile, subjectFindings } from '@ledger/domain';
import { loadMessages } from '../i18n/translations';
import { findingSummary } from './finding-text';

let n = 0;
const event = (stream: string, type: string, occurredAt: string, data: Record<string, unknown>): LedgerEvent =>
  ({ id: `e${++n}`, type, occurredAt, recordedAt: occurredAt, streamId: stream, revision: n, position: n, data }) as unknown as LedgerEvent;
const s = (type: string, at: string, data: Record<string, unknown>) => event('subject-S', type, at, data);
const b = (type: string, at: string, data: Record<string, unknown>) => event('breach-B', type, at, data);

const collected = (at: string, extra: Record<string, unknown> = {}) =>
  s('PersonalDataCollected', at, {
    categories: ['user.name', 'user.contact.email'],
    purpose: 'service',
    legalBasis: 'contract',
    source: 'data-subject',
    system: 'portal',
    ...extra,
  });
const subject = (...events: LedgerEvent[]): Finding[] =>
  subjectFindings(events.reduce(evolveProfile, emptyProfile('S', events[0].occurredAt)), {
    accountRetentionMonths: 24,
    recipientCountry: (id) => (id === 'shady' ? { country: 'CN' } : undefined),
  });
const breach = (...events: LedgerEvent[]) => breachFindings(events.reduce(evolveBreach, emptyBreach('B', events[0].occurredAt)));
const detected = (awareAt: string) =>
  b('BreachDetected', awareAt, {
    awareAt,
    nature: ['confidentiality'],
    description: 'x',
    categories: ['user.name'],
    subjectCategories: ['customers'],
    approxSubjects: 1,
    approxRecords: 1,
    ongoing: false,
  });

/** At least one finding of every rule, and both forms of the rules that have two. */
const EVERY_FINDING: Finding[] = [
  ...subject(s('SubjectRequestReceived', '2025-01-31T10:00:00Z', { requestId: 'R-1', right: 'portability' })),
  ...subject(
    s('SubjectRequestReceived', '2025-01-31T10:00:00Z', { requestId: 'R-2', right: 'erasure' }),
    s('SubjectRequestRejected', '2025-03-05T10:00:00Z', { requestId: 'R-2', reason: 'fiscal duty', ground: 'art17-3b' }),
  ),
  ...subject(
    s('SubjectRequestReceived', '2025-01-31T10:00:00Z', { requestId: 'R-3', right: 'access' }),
    s('SubjectRequestExtended', '2025-03-05T10:00:00Z', { requestId: 'R-3', until: '2025-04-30', reason: 'x' }),
  ),
  ...subject(
    collected('2024-01-01T10:00:00Z'),
    s('PersonalDataSharedWithProcessor', '2024-01-02T10:00:00Z', {
      recipientId: 'cpanel',
      categories: ['user.name'],
      purpose: 'hosting',
      legalBasis: 'contract',
    }),
    s('PersonalDataSharedWithProcessor', '2024-01-02T10:00:00Z', {
      recipientId: 'mailer',
      categories: ['user.name'],
      purpose: 'hosting',
      legalBasis: 'contract',
    }),
    s('PersonalDataErased', '2024-06-01T10:00:00Z', { ground: 'subject-request', system: 'portal', categories: ['user.name', 'user.contact.email'] }),
    s('RecipientNotifiedOfErasure', '2024-08-01T10:00:00Z', { recipientId: 'mailer' }),
    collected('2024-09-01T10:00:00Z', { categories: ['user.name'], source: 'observed' }),
  ),
  ...subject(
    collected('2024-01-01T10:00:00Z'),
    s('PersonalDataSharedWithProcessor', '2024-01-02T10:00:00Z', {
      recipientId: 'mailer',
      categories: ['user.contact'],
      purpose: 'hosting',
      legalBasis: 'contract',
    }),
    s('PersonalDataRectified', '2024-06-01T10:00:00Z', { categories: ['user.contact.email'], system: 'portal' }),
    s('ProcessingRestricted', '2024-06-01T10:00:00Z', { categories: ['user.contact.email'], system: 'portal' }),
    s('RecipientNotifiedOfChange', '2024-08-01T10:00:00Z', { recipientId: 'mailer', change: 'restriction' }),
  ),
  ...subject(
    collected('2022-01-01T10:00:00Z', { retention: { until: '2023-01-01' } }),
    s('PersonalDataErased', '2023-03-01T10:00:00Z', { ground: 'retention-expired', system: 'portal', categories: ['user.name'] }),
  ),
  ...subject(
    collected('2023-01-01T10:00:00Z', { categories: ['user.financial.bank_account'], purpose: 'invoicing', legalBasis: 'legal-obligation' }),
    s('PersonalDataErased', '2024-01-01T10:00:00Z', {
      ground: 'subject-request',
      system: 'portal',
      categories: ['user.financial.bank_account'],
      retained: [{ categories: ['user.financial.bank_account'], legalGround: 'AWR', until: '2030-12-31' }],
    }),
    s('PersonalDataSharedWithProcessor', '2024-02-01T10:00:00Z', {
      recipientId: 'incasso',
      categories: ['user.financial.bank_account'],
      purpose: 'marketing',
      legalBasis: 'legitimate-interests',
    }),
  ),
  ...subject(
    collected('2022-01-01T10:00:00Z', { retention: { until: '2023-01-01' } }),
    s('ServiceEnded', '2022-06-30T12:00:00Z', { system: 'portal', allServices: true }),
  ),
  ...subject(
    collected('2024-01-01T10:00:00Z'),
    s('PersonalDataSharedWithProcessor', '2024-01-02T10:00:00Z', {
      recipientId: 'shady',
      categories: ['user.contact.phone_number'],
      purpose: 'support',
      legalBasis: 'contract',
    }),
    s('ObjectionRecorded', '2024-02-01T10:00:00Z', { purpose: 'profiling' }),
    collected('2024-03-01T10:00:00Z', { purpose: 'profiling', legalBasis: 'legitimate-interests' }),
    collected('2024-03-03T10:00:00Z', { purpose: 'newsletter', legalBasis: 'legitimate-interests' }),
    s('ConsentGiven', '2024-01-01T10:00:00Z', { purpose: 'newsletter' }),
    s('ConsentWithdrawn', '2024-02-01T10:00:00Z', { purpose: 'newsletter' }),
    collected('2024-03-01T10:00:00Z'),
    collected('2024-03-02T10:00:00Z', { purpose: 'newsletter', legalBasis: 'consent' }),
  ),
  ...breach(detected('2025-10-01T08:00:00Z'), b('BreachAssessed', '2025-10-01T09:00:00Z', { risk: 'high', consequences: 'x' })),
  ...breach(
    b('BreachDetected', '2025-10-01T08:00:00Z', {
      awareAt: '2025-10-01T08:00:00Z',
      nature: ['confidentiality'],
      description: 'x',
      categories: ['user.name'],
      approxSubjects: 1,
      approxRecords: 1,
      ongoing: false,
    }),
    b('BreachAssessed', '2025-10-01T09:00:00Z', { risk: 'high', consequences: 'x' }),
    b('SubjectNotificationExempted', '2025-10-01T10:00:00Z', { ground: 'art34-3c', explanation: 'x' }),
  ),
  ...breach(detected('2025-10-01T08:00:00Z'), b('AuthorityNotified', '2025-10-05T09:00:00Z', { authority: 'nl-ap', phase: 'initial' })),
  ...breach(
    detected('2025-10-01T08:00:00Z'),
    b('AuthorityNotified', '2025-10-05T09:00:00Z', { authority: 'nl-ap', phase: 'initial', delayReason: 'extent unknown' }),
  ),
];

describe("finding summaries in the reader's language", () => {
  const messages = loadMessages();

  it('covers every rule', () => {
    expect([...new Set(EVERY_FINDING.map((f) => f.rule))].sort()).toEqual([...FINDING_RULES].sort());
  });

  it.each(EVERY_FINDING.map((f) => [f.id, f] as const))('says in English what the domain says: %s', (_id, f) => {
    expect(findingSummary(f, messages.en)).toBe(f.summary);
  });

  it('says it in Dutch, with the same specifics', () => {
    const dutch = EVERY_FINDING.map((f) => findingSummary(f, messages.nl));
    expect(dutch).toContain('verzoek om overdraagbaarheid R-1, ontvangen 2025-01-31, is niet beantwoord; uiterlijk 2025-02-28');
    expect(dutch).toContain('datalek B gemeld 97 uur na ontdekking (termijn 72 uur), zonder reden voor de vertraging');
    expect(dutch.filter((text, i) => text === EVERY_FINDING[i].summary)).toEqual([]);
  });
});
