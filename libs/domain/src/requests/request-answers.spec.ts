import type { EventDataByType, LedgerEvent, LedgerEventType } from '../catalog/event-data';
import { emptyProfile, evolveProfile } from '../read-models/subject-profile';
import { subjectFindings } from '../findings/subject-findings';
import { event } from '../testing/facts';

const e = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => event(type, data, occurredAt);
const requestFindings = (...events: LedgerEvent[]) =>
  subjectFindings(events.reduce(evolveProfile, emptyProfile('S', events[0].occurredAt)), { accountRetentionMonths: 24, recipientCountry: () => undefined })
    .filter((f) => f.rule.startsWith('request-'))
    .map((f) => ({ rule: f.rule, status: f.status, ...(f.detail.awaitingSystems ? { awaiting: f.detail.awaitingSystems } : {}) }));

const received = (right: EventDataByType['SubjectRequestReceived']['right'], at = '2025-03-03T09:00:00Z', channel?: string) =>
  e('SubjectRequestReceived', at, { requestId: 'R', right, ...(channel ? { channel } : {}) });
const at = '2025-03-10T09:00:00Z';
const collected = (system: string) =>
  e('PersonalDataCollected', '2024-01-01T00:00:00Z', { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system });
const exported = (right: 'access' | 'portability', format: string) =>
  e('PersonalDataExported', at, { requestId: 'R', right, categories: ['user.name'], format });
const erased = (system: string, when = at) => e('PersonalDataErased', when, { requestId: 'R', ground: 'subject-request', system, categories: ['user.name'] });
const refused = (ground?: EventDataByType['SubjectRequestRejected']['ground']) =>
  e('SubjectRequestRejected', at, { requestId: 'R', reason: 'x', ...(ground ? { ground } : {}) });
const open = [{ rule: 'request-unanswered', status: 'open' }];

describe('what answers which request (Art. 12(3) with Art. 15–21)', () => {
  it('access: an export for access, or a refusal — not an export for portability', () => {
    expect(requestFindings(received('access'), exported('access', 'pdf'))).toEqual([]);
    expect(requestFindings(received('access'), refused())).toEqual([]);
    expect(requestFindings(received('access'), exported('portability', 'json'))).toEqual(open);
  });

  it('portability: an export for portability in a structured format, not a PDF', () => {
    expect(requestFindings(received('portability'), exported('portability', 'json'))).toEqual([]);
    expect(requestFindings(received('portability'), exported('portability', 'pdf'))).toEqual(open);
  });

  it('erasure: every system that holds the data reported it, or a refusal on an Art. 17(3) ground', () => {
    expect(requestFindings(collected('portal'), collected('crm'), received('erasure'), erased('portal'))).toEqual([{ ...open[0], awaiting: ['crm'] }]);
    expect(requestFindings(collected('portal'), collected('crm'), received('erasure'), erased('portal'), erased('crm'))).toEqual([]);
    // The last system reports after the due date: answered late.
    expect(requestFindings(collected('portal'), collected('crm'), received('erasure'), erased('portal'), erased('crm', '2025-04-10T09:00:00Z'))).toEqual([
      { rule: 'request-answered-late', status: 'closed' },
    ]);
    expect(requestFindings(collected('portal'), received('erasure'), refused('art17-3b'))).toEqual([]);
    expect(requestFindings(collected('portal'), received('erasure'), refused())).toEqual(open);
  });

  it('rectification, restriction and objection: their own facts', () => {
    expect(requestFindings(received('rectification'), e('PersonalDataRectified', at, { categories: ['user.name'], system: 'portal', requestId: 'R' }))).toEqual(
      [],
    );
    expect(requestFindings(received('restriction'), e('PersonalDataRectified', at, { categories: ['user.name'], system: 'portal', requestId: 'R' }))).toEqual(
      open,
    );
    expect(requestFindings(received('restriction'), e('ProcessingRestricted', at, { categories: ['user.name'], system: 'portal', requestId: 'R' }))).toEqual(
      [],
    );
    expect(requestFindings(received('objection'), e('ObjectionRecorded', at, { purpose: 'marketing', requestId: 'R' }))).toEqual([]);
    expect(requestFindings(received('objection'), e('ObjectionOverridden', at, { purpose: 'security', requestId: 'R', reason: 'fraud' }))).toEqual([]);
  });

  it('an answer recorded before its request (out of order) still answers it', () => {
    expect(requestFindings(exported('access', 'pdf'), received('access', '2025-03-03T09:00:00Z'))).toEqual([]);
    expect(requestFindings(collected('portal'), erased('portal'), received('erasure'))).toEqual([]);
  });

  it('an erasure the retention policy started is not an Art. 12(3) request', () => {
    expect(requestFindings(collected('portal'), received('erasure', '2025-03-03T09:00:00Z', 'retention-policy'))).toEqual([]);
  });
});
