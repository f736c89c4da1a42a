import { randomUUID } from 'node:crypto';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { eventually } from './support/eventually';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

/**
 * With LEDGER_AUTO_ERASURE the retention policy starts erasure itself: C-1003's account has
 * been kept more than two years after its last service ended, so the sweep records an erasure
 * request for it; once the portal reports the erasure, the keys are shredded.
 */
describe('erasure started by the retention policy', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: SCENARIO_NOW, LEDGER_AUTO_ERASURE: 'true', LEDGER_SWEEP_INTERVAL_SECONDS: '1' });
    api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'retention test' });
    expect((await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO })).status).toBe(201);
  });
  afterAll(() => ledger.close());

  it('starts the erasure of an account past its retention, and only of that one', async () => {
    const c1003 = (await api.get('/v1/subjects?system=customer-portal&externalId=C-1003')).body.subjectId;
    const status = await eventually(async () => {
      const res = await api.get(`/v1/subjects/${c1003}/erasure`);
      return res.body.state === 'awaiting-systems' ? res.body : undefined;
    }, 'the retention sweep to start the erasure');
    expect(status).toMatchObject({ requestId: 'retention-2026-06-30', awaitingSystems: ['customer-portal'] });
    const request = (await api.get(`/v1/subjects/${c1003}/events`)).body.events.find((e: any) => e.type === 'SubjectRequestReceived');
    expect(request.data).toEqual({ requestId: 'retention-2026-06-30', right: 'erasure', channel: 'retention-policy' });
    expect(request.recordedBy).toEqual({ kind: 'ledger', process: 'retention-sweep' });
    // C-1001's account is not due until 2027-01-31: left alone.
    // Not an Art. 12(3) request (issue 18): neither a request finding nor a row of the DSR register.
    const pending = await api.get(`/v1/findings?subjectId=${c1003}&status=all`);
    expect(pending.body.findings.map((f: any) => f.rule)).toEqual(['retention-passed']);
    expect((await api.get('/v1/requests')).body.requests.map((r: any) => r.requestId)).not.toContain('retention-2026-06-30');
    const c1001 = (await api.get('/v1/subjects?system=customer-portal&externalId=C-1001')).body.subjectId;
    expect((await api.get(`/v1/subjects/${c1001}/erasure`)).body.state).toBe('none');

    const erased = await api.post('/v1/events', {
      id: randomUUID(),
      type: 'PersonalDataErased',
      occurredAt: SCENARIO_NOW,
      subject: { subjectId: c1003 },
      data: { requestId: 'retention-2026-06-30', ground: 'retention-expired', system: 'customer-portal', categories: ['user.name', 'user.contact.email'] },
    });
    expect(erased.status).toBe(201);
    const done = await eventually(async () => {
      const res = await api.get(`/v1/subjects/${c1003}/erasure`);
      return res.body.state === 'shredded' ? res.body : undefined;
    }, 'C-1003 to be shredded');
    expect(done.shreddedGroups).toEqual(['identity', 'contact', 'fiscal']);
    const findings = await api.get(`/v1/findings?subjectId=${c1003}&status=all&minPosition=${erased.body.position}`);
    expect(findings.body.findings).toEqual([expect.objectContaining({ rule: 'retention-passed', status: 'closed' })]);
  });
});
