import { randomUUID } from 'node:crypto';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { RunningLedger, bearer, startLedger } from './support/ledger-server';

const NOW = '2026-03-01T09:30:00.000Z';

describe('access audit of subject reads (GET /v1/audit/access)', () => {
  let ledger: RunningLedger;
  let admin: ReturnType<typeof client>;
  let dpo: ReturnType<typeof client>;
  let dpoKey: { id: string; name: string };
  let regulator: ReturnType<typeof client>;
  let subjectA: string;
  let subjectB: string;

  const record = async (externalId: string) =>
    (await admin.post('/v1/events', example('ConsentGiven', { subject: { system: 'crm', externalId } }))).body.subjectId as string;
  const readEvents = (as: ReturnType<typeof client>, subjectId: string, purpose?: string) =>
    as.get(`/v1/subjects/${subjectId}/events?limit=10`, purpose === undefined ? {} : { 'x-purpose': purpose });
  const audit = async (query = '') => (await admin.get(`/v1/audit/access${query}`)).body;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: NOW });
    admin = client(ledger.url, ledger.auth);
    const created = await admin.post('/v1/admin/keys', { name: 'Office of the DPO', role: 'dpo' });
    dpoKey = created.body;
    dpo = client(ledger.url, bearer(created.body.key));
    regulator = client(ledger.url, bearer((await admin.post('/v1/admin/keys', { name: 'AP', role: 'regulator' })).body.key));
    subjectA = await record('C-A');
    subjectB = await record('C-B');
  });
  afterAll(() => ledger.close());

  it('records who read which subject, when, why and through which route', async () => {
    const res = await readEvents(dpo, subjectA, 'access request R-2026-17');
    expect(res.status).toBe(200);
    const { entries } = await audit(`?subjectId=${subjectA}`);
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        at: NOW,
        keyId: dpoKey.id,
        keyName: 'Office of the DPO',
        role: 'dpo',
        subjectId: subjectA,
        outcome: 'disclosed',
        purpose: 'access request R-2026-17',
        route: 'GET /v1/subjects/:subjectId/events',
      },
    ]);
  });

  it('refuses a read without a stated purpose, reading and recording nothing', async () => {
    const before = (await audit()).entries.length;
    for (const purpose of [undefined, '', '   ', 'x'.repeat(201)]) {
      const res = await readEvents(dpo, subjectB, purpose);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, details: [{ path: 'headers.x-purpose', message: expect.any(String) }] });
      expect(res.body.events).toBeUndefined();
    }
    expect((await audit()).entries).toHaveLength(before);
  });

  it('records nothing for reads that disclose nothing (unknown subject, denied key)', async () => {
    const before = (await audit()).entries.length;
    expect((await readEvents(dpo, randomUUID(), 'checking')).status).toBe(404);
    expect((await readEvents(regulator, subjectA, 'curious')).status).toBe(403);
    expect((await audit()).entries).toHaveLength(before);
  });

  it('filters by subject, key and period, and pages', async () => {
    for (const purpose of ['p1', 'p2', 'p3']) await readEvents(dpo, subjectB, purpose);
    await readEvents(admin, subjectB, 'p4');

    const bySubject = await audit(`?subjectId=${subjectB}`);
    expect(bySubject.entries.map((e: { purpose: string }) => e.purpose)).toEqual(['p1', 'p2', 'p3', 'p4']);
    const byKey = await audit(`?subjectId=${subjectB}&keyId=${dpoKey.id}`);
    expect(byKey.entries.map((e: { purpose: string }) => e.purpose)).toEqual(['p1', 'p2', 'p3']);

    const first = await audit(`?subjectId=${subjectB}&limit=3`);
    expect(first.entries).toHaveLength(3);
    const second = await audit(`?subjectId=${subjectB}&limit=3&after=${first.next}`);
    expect(second.entries.map((e: { purpose: string }) => e.purpose)).toEqual(['p4']);
    expect(second.next).toBeUndefined();

    // Every read happened at the frozen NOW: `from` is inclusive, `to` exclusive.
    expect((await audit(`?subjectId=${subjectB}&from=${NOW}&to=2026-03-01T09:30:00.001Z`)).entries).toHaveLength(4);
    expect((await audit(`?subjectId=${subjectB}&from=2026-03-01T10:30:00%2B01:00`)).entries).toHaveLength(4);
    expect((await audit(`?subjectId=${subjectB}&to=${NOW}`)).entries).toHaveLength(0);
  });

  it('refuses malformed filters', async () => {
    const res = await admin.get('/v1/audit/access?subjectId=x&keyId=admin&from=2026-02-30T00:00:00Z&limit=0&sort=desc');
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['from', 'keyId', 'limit', 'sort', 'subjectId']);
  });

  it('is for the DPO (and admin) only', async () => {
    expect((await dpo.get('/v1/audit/access')).status).toBe(200);
    expect((await regulator.get('/v1/audit/access')).status).toBe(403);
  });
});
