import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { example } from './fixtures/catalog-examples';
import { eventually } from './support/eventually';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { RunningLedger, bearer, startLedger } from './support/ledger-server';
import { tamperWithCopy } from './support/tamper';

/**
 * Issue 20, point 5: every stored fact names, inside the hash chain, the key that recorded it
 * (id, and its name and role then) or the ledger process that wrote it; revoking the key later
 * changes nothing the log says; a retry by another key is still the same fact.
 */
describe('who recorded each fact', () => {
  let ledger: RunningLedger;
  let admin: ReturnType<typeof client>;
  const keys: Record<'crm' | 'crmSpare' | 'dpo', { id: string; name: string; role: string; key: string }> = {} as never;
  const as = (k: keyof typeof keys) => client(ledger.url, { ...bearer(keys[k].key), 'x-purpose': 'attribution test' });
  const byKey = (k: keyof typeof keys) => ({ kind: 'key', keyId: keys[k].id, name: keys[k].name, role: keys[k].role });
  const subject = { system: 'crm', externalId: 'C-ATTR-1' };

  beforeAll(async () => {
    ledger = await startLedger();
    admin = client(ledger.url, ledger.auth);
    keys.crm = (await admin.post('/v1/admin/keys', { name: 'crm emitter', role: 'emitter', systems: ['crm'] })).body;
    keys.crmSpare = (await admin.post('/v1/admin/keys', { name: 'crm emitter (spare)', role: 'emitter', systems: ['crm'] })).body;
    keys.dpo = (await admin.post('/v1/admin/keys', { name: 'Office of the DPO', role: 'dpo' })).body;
  });
  const scratch: string[] = [];
  afterAll(async () => {
    await ledger.close();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it('names the key in every fact read back, keeps it after the key is revoked, and a retry by another key is a duplicate', async () => {
    const collected = example('PersonalDataCollected', {
      subject,
      data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
      personal: { email: 'attr@example.nl' },
    });
    const first = await as('crm').post('/v1/events', collected);
    expect(first.status).toBe(201);
    const subjectId = first.body.subjectId as string;
    const batch = await as('crm').post('/v1/events/batch', {
      events: [
        example('ConsentGiven', { subject, data: { purpose: 'newsletter', categories: ['user.contact.email'] } }),
        example('SubjectRequestReceived', { subject, data: { requestId: 'R-A1', right: 'access' } }),
      ],
    });
    expect(batch.status).toBe(201);
    const dpoFact = await as('dpo').post('/v1/events', example('ObjectionRecorded', { subject: { subjectId }, data: { purpose: 'marketing' } }));
    expect(dpoFact.status).toBe(201);

    // The same id and content from another key: the original answer, nothing written, the first key still named.
    const retried = await as('crmSpare').post('/v1/events', collected);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ ...first.body });
    // The same id with other content stays a conflict, whoever sends it.
    expect((await as('crmSpare').post('/v1/events', { ...collected, occurredAt: '2020-01-01T00:00:00Z' })).status).toBe(409);

    const expected = [byKey('crm'), byKey('crm'), byKey('crm'), byKey('dpo')];
    const attribution = async () => {
      const events = (await as('dpo').get(`/v1/subjects/${subjectId}/events`)).body.events;
      const history = (await as('dpo').get(`/v1/subjects/${subjectId}/history?minPosition=${dpoFact.body.position}`)).body.events;
      return { events: events.map((e: any) => e.recordedBy), history: history.map((e: any) => [e.id, e.recordedBy]) };
    };
    const before = await attribution();
    expect(before.events).toEqual(expected);
    expect(before.history).toEqual(
      expect.arrayContaining([
        [first.body.id, byKey('crm')],
        [dpoFact.body.id, byKey('dpo')],
      ]),
    );
    expect(before.history).toHaveLength(4);

    expect((await admin.delete(`/v1/admin/keys/${keys.crm.id}`)).status).toBeLessThan(300);
    expect((await as('crm').post('/v1/events', example('ConsentWithdrawn', { subject, data: { purpose: 'newsletter' } }))).status).toBe(401);
    expect(await attribution()).toEqual(before);

    // Who read is in the access audit log, with the key's name and role.
    const audit = (await admin.get(`/v1/audit/access?subjectId=${subjectId}&keyId=${keys.dpo.id}`)).body.entries;
    expect(audit[0]).toMatchObject({ keyId: keys.dpo.id, keyName: 'Office of the DPO', role: 'dpo' });
  });

  it("names the DPO's key on its erasure request and the erasure process on the shredding", async () => {
    const recorded = await as('crmSpare').post(
      '/v1/events',
      example('PersonalDataCollected', {
        subject: { system: 'crm', externalId: 'C-ATTR-2' },
        data: { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
        personal: { name: 'Attr Two' },
      }),
    );
    const subjectId = recorded.body.subjectId as string;
    expect((await as('dpo').post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-A2' })).status).toBe(202);
    // Another DPO key sending the same request: the same event, answered as a repeat.
    expect((await admin.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-A2' })).status).toBe(200);
    expect(
      (
        await as('crmSpare').post(
          '/v1/events',
          example('PersonalDataErased', {
            subject: { system: 'crm', externalId: 'C-ATTR-2' },
            data: { requestId: 'E-A2', ground: 'subject-request', system: 'crm', categories: ['user.name'] },
          }),
        )
      ).status,
    ).toBe(201);
    await eventually(async () => ((await as('dpo').get(`/v1/subjects/${subjectId}/erasure`)).body.state === 'shredded' ? true : undefined), 'the shredding');
    const events = (await as('dpo').get(`/v1/subjects/${subjectId}/events`)).body.events;
    expect(events.map((e: any) => [e.type, e.recordedBy])).toEqual([
      ['PersonalDataCollected', byKey('crmSpare')],
      ['SubjectRequestReceived', byKey('dpo')],
      ['PersonalDataErased', byKey('crmSpare')],
      ['SubjectDataShredded', { kind: 'ledger', process: 'erasure-process' }],
    ]);
  });

  it('keeps the attribution inside the hash chain: verify passes, and a changed name breaks it', async () => {
    await ledger.close({ keepData: true });
    const dataDir = ledger.dataDir;
    const store = new Database(join(dataDir, 'events.db'), { readonly: true });
    const rows = store.prepare("SELECT metadata FROM events WHERE stream LIKE 'subject-%'").all() as { metadata: string }[];
    store.close();
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) expect(JSON.parse(row.metadata).recordedBy).toBeDefined();
    const verified = await runCli(['verify'], { LEDGER_DATA_DIR: dataDir });
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringContaining('INTACT') });
    // The hash covers the metadata: a name rewritten behind the ledger's back is tampering.
    const tampered = tamperWithCopy(dataDir, (db) =>
      db.prepare(`UPDATE events SET metadata = replace(metadata, '"crm emitter"', '"someone else"') WHERE position = 1`).run(),
    );
    scratch.push(tampered);
    expect((await runCli(['verify'], { LEDGER_DATA_DIR: tampered })).code).toBe(1);
  }, 60_000);
});
