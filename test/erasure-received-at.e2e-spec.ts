import { fact } from './support/facts';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

/** Issue 18, point 3: the erasure endpoint takes when the request was received; Art. 12(3) runs from then. */
describe('POST /v1/subjects/:id/erasure with receivedAt', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  let subjectId: string;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: '2025-03-20T12:00:00Z' });
    api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'issue 18 test' });
    const collected = await api.post(
      '/v1/events',
      fact('PersonalDataCollected', {
        subject: { system: 'crm', externalId: 'C-18' },
        occurredAt: '2025-01-01T10:00:00Z',
        data: { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' },
      }),
    );
    subjectId = collected.body.subjectId;
  });
  afterAll(() => ledger.close());

  it('refuses a malformed or future receivedAt, naming it, and writes nothing', async () => {
    const malformed = await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-1', receivedAt: '2025-02-30' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toEqual([{ path: 'receivedAt', message: expect.stringContaining('ISO 8601') }]);
    const future = await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-1', receivedAt: '2025-03-21T09:00:00+01:00' });
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([{ path: 'receivedAt', message: 'must not be after now' }]);
    expect((await api.get(`/v1/subjects/${subjectId}/events`)).body.events).toHaveLength(1);
  });

  it('records the request as received then: its deadline runs from that day', async () => {
    const requested = await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-1', receivedAt: '2025-02-14T09:30:00+01:00' });
    expect(requested.status).toBe(202);
    const findings = await api.get(`/v1/findings?subjectId=${subjectId}&status=all&minPosition=${requested.body.position}`);
    expect(findings.body.findings).toEqual([
      expect.objectContaining({
        rule: 'request-unanswered',
        dueAt: '2025-03-14T23:59:59.999Z',
        detail: expect.objectContaining({ receivedAt: '2025-02-14T08:30:00.000Z' }),
      }),
    ]);
  });
});
