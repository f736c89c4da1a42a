import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW, scenarioEventId } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { eventually } from './support/eventually';
import { factRecorder } from './support/fact-recorder';
import { client } from './support/http';
import { RunningLedger, bearer, startLedger } from './support/ledger-server';

/**
 * GET /v1/requests, the DSR register (Art. 12(3)), on DOMAIN.md's HostingHuis scenario at
 * 2026-11-24T12:00:00Z: every request with its due date, the fact that answered it, its status
 * at the ledger clock; the filters; paging; and the sealed reason of an extension.
 */
describe('the register of subject requests (GET /v1/requests)', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  let dpo: ReturnType<typeof client>;
  const facts = factRecorder(() => api);
  const subject: Record<string, string> = {};
  const get = (path: string, as = dpo) => as.get(facts.fresh(path));

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: SCENARIO_NOW, LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json') });
    api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'register test' });
    const recorded = await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO });
    expect(recorded.status).toBe(201);
    await facts.record({
      id: randomUUID(),
      type: 'ConsentGiven',
      occurredAt: '2024-01-01T00:00:00Z',
      subject: { system: 'customer-portal', externalId: 'C-1001' },
      data: { purpose: 'newsletter' },
    });
    for (const id of ['C-1001', 'C-1002', 'C-1004']) subject[id] = (await api.get(`/v1/subjects?system=customer-portal&externalId=${id}`)).body.subjectId;
    const key = await api.post('/v1/admin/keys', { name: 'Office of the DPO', role: 'dpo' });
    dpo = client(ledger.url, bearer(key.body.key));
  });
  afterAll(() => ledger.close());

  it("lists C-1001's access request answered, C-1002's erasure answered and C-1004's portability request overdue (due 2026-10-30)", async () => {
    const res = await get('/v1/requests');
    expect(res.status).toBe(200);
    expect(res.body.now).toBe('2026-11-24T12:00:00.000Z');
    expect(res.body.total).toBe(3);
    expect(res.body.requests).toEqual([
      {
        requestId: 'R-1004-1',
        subjectId: subject['C-1004'],
        right: 'portability',
        receivedAt: '2026-09-30T10:00:00.000Z',
        dueAt: '2026-10-30T22:59:59.999Z',
        status: 'overdue',
      },
      {
        requestId: 'R-1002-1',
        subjectId: subject['C-1002'],
        right: 'erasure',
        receivedAt: '2025-02-03T10:00:00.000Z',
        dueAt: '2025-03-03T22:59:59.999Z',
        answeredAt: '2025-02-10T10:00:00.000Z',
        answeredBy: { type: 'PersonalDataErased', eventId: scenarioEventId('C-1002/erased') },
        status: 'answered',
      },
      {
        requestId: 'R-1001-1',
        subjectId: subject['C-1001'],
        right: 'access',
        receivedAt: '2024-09-10T09:00:00.000Z',
        dueAt: '2024-10-10T21:59:59.999Z',
        answeredAt: '2024-09-20T09:00:00.000Z',
        answeredBy: { type: 'PersonalDataExported', eventId: scenarioEventId('C-1001/export') },
        status: 'answered',
      },
    ]);
    expect(res.body.next).toBeUndefined();
  });

  it('agrees with the findings: the overdue request is the open request-unanswered finding, with the same due date', async () => {
    const findings = (await get('/v1/findings?rule=request-unanswered')).body.findings;
    const overdue = (await get('/v1/requests?status=overdue')).body.requests;
    expect(overdue.map((r: any) => [r.requestId, r.dueAt])).toEqual(findings.map((f: any) => [f.detail.requestId, f.dueAt]));
  });

  it('filters by status, right, period and overdue', async () => {
    const ids = async (query: string) => {
      const res = await get(`/v1/requests?${query}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(res.body.requests.length);
      return res.body.requests.map((r: any) => r.requestId);
    };
    expect(await ids('status=overdue')).toEqual(['R-1004-1']);
    expect(await ids('status=answered')).toEqual(['R-1002-1', 'R-1001-1']);
    expect(await ids('status=open')).toEqual([]);
    expect(await ids('status=rejected')).toEqual([]);
    expect(await ids('right=erasure')).toEqual(['R-1002-1']);
    expect(await ids('right=access&status=answered')).toEqual(['R-1001-1']);
    expect(await ids('from=2025-01-01T00:00:00Z')).toEqual(['R-1004-1', 'R-1002-1']);
    expect(await ids('from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00%2B01:00')).toEqual(['R-1002-1']);
    expect(await ids('overdue=true')).toEqual(['R-1004-1']);
    expect(await ids('overdue=false')).toEqual(['R-1002-1', 'R-1001-1']);
  });

  it('refuses filters it does not know, naming them, and answers 400 for a cursor it did not give', async () => {
    for (const [query, path] of [
      ['status=late', 'status'],
      ['right=deletion', 'right'],
      ['from=2025-02-30T00:00:00Z', 'from'],
      ['overdue=yes', 'overdue'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['format=xlsx', 'format'],
      ['subject=C-1001', 'subject'],
    ]) {
      const res = await get(`/v1/requests?${query}`);
      expect({ query, status: res.status, paths: res.body.details?.map((d: any) => d.path) }).toEqual({ query, status: 400, paths: [path] });
    }
    for (const cursor of ['bm90LWpzb24', Buffer.from('{"receivedAt":1}').toString('base64url'), 'not*base64']) {
      const res = await get(`/v1/requests?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('cursor');
    }
  });

  it('pages newest first with a cursor, every request once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await get(`/v1/requests?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.requests).toHaveLength(1);
      expect(res.body.total).toBe(3);
      seen.push(res.body.requests[0].requestId);
      cursor = res.body.next;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['R-1004-1', 'R-1002-1', 'R-1001-1']);
  });

  it('is for the DPO: a regulator and an emitter are refused', async () => {
    for (const role of ['regulator', 'emitter'] as const) {
      const key = await api.post('/v1/admin/keys', { name: `register ${role}`, role, ...(role === 'emitter' ? { systems: ['crm'] } : {}) });
      expect((await client(ledger.url, bearer(key.body.key)).get('/v1/requests')).status).toBe(403);
    }
  });

  describe('a request extended with a reason, then rejected late', () => {
    const S = { system: 'customer-portal', externalId: 'C-2001' };
    const REASON = 'Łukasz Ørsted asked for his paper archive to be searched as well';
    let subjectId: string;
    let extension: string;

    beforeAll(async () => {
      subjectId = (
        await facts.record({
          id: randomUUID(),
          type: 'PersonalDataCollected',
          occurredAt: '2026-07-01T10:00:00Z',
          subject: S,
          data: { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'customer-portal' },
          personal: { name: 'Łukasz Ørsted' },
        })
      ).subjectId;
      await facts.record({
        id: randomUUID(),
        type: 'SubjectRequestReceived',
        occurredAt: '2026-08-31T10:00:00Z',
        subject: S,
        data: { requestId: 'R-2001-1', right: 'access' },
      });
      extension = randomUUID();
      await facts.record({
        id: extension,
        type: 'SubjectRequestExtended',
        occurredAt: '2026-09-20T10:00:00Z',
        subject: S,
        data: { requestId: 'R-2001-1', until: '2026-10-31T10:00:00Z', reason: REASON },
      });
      await facts.record({
        id: randomUUID(),
        type: 'SubjectRequestReceived',
        occurredAt: '2026-09-01T10:00:00Z',
        subject: S,
        data: { requestId: 'R-2001-2', right: 'rectification' },
      });
      await facts.record({
        id: randomUUID(),
        type: 'SubjectRequestRejected',
        occurredAt: '2026-11-02T10:00:00Z',
        subject: S,
        data: { requestId: 'R-2001-2', reason: 'manifestly unfounded' },
      });
    });

    const entry = async (requestId: string, as = dpo) =>
      (await get(`/v1/requests?from=2026-08-01T00:00:00Z`, as)).body.requests.find((r: any) => r.requestId === requestId);

    it('is due at the extension (31 Aug + 1 month is 30 Sep; extended to 31 Oct), open until then and overdue after', async () => {
      expect(await entry('R-2001-1')).toEqual({
        requestId: 'R-2001-1',
        subjectId,
        right: 'access',
        receivedAt: '2026-08-31T10:00:00.000Z',
        dueAt: '2026-10-31T22:59:59.999Z',
        extendedUntil: '2026-10-31T10:00:00.000Z',
        extensionReason: REASON,
        status: 'overdue',
      });
    });

    it('shows a rejection as rejected, with the fact that rejected it', async () => {
      expect(await entry('R-2001-2')).toMatchObject({
        status: 'rejected',
        answeredAt: '2026-11-02T10:00:00.000Z',
        answeredBy: { type: 'SubjectRequestRejected' },
      });
      expect((await get('/v1/requests?status=rejected')).body.requests.map((r: any) => r.requestId)).toEqual(['R-2001-2']);
    });

    it('shows the sealed reason to a DPO key only', async () => {
      const asAdmin = await entry('R-2001-1', client(ledger.url, ledger.auth));
      expect(asAdmin.extendedUntil).toBe('2026-10-31T10:00:00.000Z');
      expect(asAdmin).not.toHaveProperty('extensionReason');
    });

    it('reads "[erased]" once the subject is shredded', async () => {
      expect((await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'R-2001-3' })).status).toBe(202);
      await facts.record({
        id: randomUUID(),
        type: 'PersonalDataErased',
        occurredAt: '2026-11-24T11:00:00Z',
        subject: S,
        data: { requestId: 'R-2001-3', ground: 'subject-request', system: 'customer-portal', categories: ['user.name'] },
      });
      await eventually(
        async () => ((await api.get(`/v1/subjects/${subjectId}/erasure`)).body.state === 'shredded' ? true : undefined),
        'the keys to be shredded',
      );
      expect(await entry('R-2001-1')).toMatchObject({ extendedUntil: '2026-10-31T10:00:00.000Z', extensionReason: '[erased]' });
      expect(await entry('R-2001-3')).toMatchObject({ right: 'erasure', status: 'answered', answeredBy: { type: 'PersonalDataErased' } });
    });
  });
  it('counts an answer recorded before its request (facts out of order): the export waits for the request and answers it', async () => {
    const who = { system: 'customer-portal', externalId: 'C-3001' };
    await facts.record({
      id: randomUUID(),
      type: 'PersonalDataCollected',
      occurredAt: '2026-10-01T09:00:00Z',
      subject: who,
      data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' },
    });
    // The export reaches the ledger first, in its own request, then the access request it answers.
    const exported = await facts.record({
      id: randomUUID(),
      type: 'PersonalDataExported',
      occurredAt: '2026-10-12T09:00:00Z',
      subject: who,
      data: { requestId: 'R-3001-1', right: 'access', categories: ['user.contact.email'], format: 'json' },
    });
    await facts.record({
      id: randomUUID(),
      type: 'SubjectRequestReceived',
      occurredAt: '2026-10-10T09:00:00Z',
      subject: who,
      data: { requestId: 'R-3001-1', right: 'access' },
    });
    const subjectId = (await api.get('/v1/subjects?system=customer-portal&externalId=C-3001')).body.subjectId;
    const register = (await get(`/v1/requests?limit=200`)).body.requests.find((r: { requestId: string }) => r.requestId === 'R-3001-1');
    expect(register).toMatchObject({
      subjectId,
      status: 'answered',
      answeredAt: '2026-10-12T09:00:00.000Z',
      answeredBy: { type: 'PersonalDataExported', eventId: exported.id },
    });
    // The findings say the same: nothing unanswered for this subject.
    expect(
      (await api.get(facts.fresh(`/v1/findings?status=all&subjectId=${subjectId}`))).body.findings.filter((f: { rule: string }) =>
        f.rule.startsWith('request-'),
      ),
    ).toEqual([]);
  });
});
