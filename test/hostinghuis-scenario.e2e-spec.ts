import { join } from 'node:path';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { client } from './support/http';
import { getBytes } from './support/http-bytes';
import { RunningLedger, startLedger } from './support/ledger-server';
import { pdfText } from './support/pdf-text';

/**
 * DOMAIN.md's HostingHuis scenario, replayed through the HTTP API with the clock frozen at
 * 2026-11-24T12:00:00Z: the data maps, the breach register and the exact set of open findings.
 */
describe('HostingHuis scenario', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  let position: number;
  const subject: Record<string, string> = {};

  beforeAll(async () => {
    ledger = await startLedger({
      LEDGER_NOW: SCENARIO_NOW,
      LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json'),
    });
    api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'compliance test' });
    const res = await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO });
    expect(res.status).toBe(201);
    position = Math.max(...res.body.events.map((e: { position: number }) => e.position));
    for (const id of ['C-1001', 'C-1002', 'C-1003', 'C-1004']) {
      const found = await api.get(`/v1/subjects?system=customer-portal&externalId=${id}`);
      expect(found.status).toBe(200);
      subject[id] = found.body.subjectId;
    }
  });
  afterAll(() => ledger.close());

  const get = (path: string) => api.get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${position}`);

  it('finds exactly the open findings DOMAIN.md describes', async () => {
    const res = await get('/v1/findings');
    expect(res.status).toBe(200);
    expect(res.body.now).toBe('2026-11-24T12:00:00.000Z');
    const open = res.body.findings.map((f: any) => ({
      rule: f.rule,
      owner: f.subjectId ? Object.keys(subject).find((k) => subject[k] === f.subjectId) : f.breachId,
      dueAt: f.dueAt,
      key: f.detail.purpose ?? f.detail.recipientId ?? f.detail.requestId ?? null,
    }));
    expect(open).toEqual(
      expect.arrayContaining([
        { rule: 'processing-after-objection', owner: 'C-1001', dueAt: '2024-05-01T08:00:00.000Z', key: 'marketing' },
        { rule: 'erasure-not-propagated', owner: 'C-1002', dueAt: '2025-03-10T10:00:00.000Z', key: 'cpanel' },
        { rule: 'retention-passed', owner: 'C-1003', dueAt: '2026-06-30T12:00:00.000Z', key: null },
        // Art. 12(3) as Reg. 1182/71 counts: to the end of 30 October in Amsterdam (the profile's time zone).
        { rule: 'request-unanswered', owner: 'C-1004', dueAt: '2026-10-30T22:59:59.999Z', key: 'R-1004-1' },
        { rule: 'breach-not-notified', owner: 'B-2026-01', dueAt: '2026-11-25T08:00:00.000Z', key: null },
      ]),
    );
    expect(open).toHaveLength(5);
    const breachFinding = res.body.findings.find((f: any) => f.breachId === 'B-2026-01');
    expect(breachFinding.overdue).toBe(false);
    expect(res.body.findings.find((f: any) => f.rule === 'request-unanswered').overdue).toBe(true);
  });

  it('records the late notification of B-2025-03 as a closed finding with its reason', async () => {
    const res = await get('/v1/findings?status=closed');
    expect(res.body.findings).toEqual([
      // Chapter V: C-1002's share to cPanel under the DPF on 2023-05-02, before its decision applied (10 July 2023).
      expect.objectContaining({
        rule: 'transfer-without-safeguard',
        status: 'closed',
        closedAt: '2023-07-10T00:00:00.000Z',
        detail: expect.objectContaining({ recipientId: 'cpanel', problem: 'dpf-not-in-force' }),
      }),
      expect.objectContaining({
        rule: 'breach-notified-late',
        breachId: 'B-2025-03',
        status: 'closed',
        detail: expect.objectContaining({ hoursAfterAwareness: 97, delayReason: expect.stringContaining('extent') }),
      }),
    ]);
  });

  it("maps C-1001's data: purposes, bases, systems, recipients with transfers, breaches", async () => {
    const res = await get(`/v1/subjects/${subject['C-1001']}/data-map`);
    expect(res.status).toBe(200);
    const email = res.body.categories.find((c: any) => c.category === 'user.contact.email');
    expect(email).toEqual({
      category: 'user.contact.email',
      status: 'held',
      purposes: ['marketing', 'service'],
      legalBases: ['contract', 'legitimate-interests'],
      sources: ['data-subject', 'derived'],
      systems: ['customer-portal', 'mailer'],
      recipients: [
        { recipientId: 'cpanel', name: 'cPanel, L.L.C.', role: 'processor', country: 'US', outsideEea: true, safeguard: 'dpf' },
        { recipientId: 'openprovider', name: 'Openprovider', role: 'processor', country: 'US', outsideEea: true, safeguard: 'scc' },
      ],
      // Per system (issue 18): held in both, sealed in the contact key group.
      bySystem: [
        { system: 'customer-portal', status: 'held', keyGroup: 'contact' },
        { system: 'mailer', status: 'held', keyGroup: 'contact' },
      ],
      breaches: ['B-2025-01'],
    });
    const ip = res.body.categories.find((c: any) => c.category === 'user.device.ip_address');
    expect(ip).toMatchObject({ status: 'held', purposes: ['security'], legalBases: ['legitimate-interests'], sources: ['observed'], recipients: [] });
    expect(res.body.openFindings.map((f: any) => f.rule)).toEqual(['processing-after-objection']);
  });

  it("maps C-1002's data as erased, and its invoices as retained under the fiscal duty", async () => {
    const res = await get(`/v1/subjects/${subject['C-1002']}/data-map`);
    const byCategory = Object.fromEntries(res.body.categories.map((c: any) => [c.category, c]));
    expect(byCategory['user.name']).toMatchObject({ status: 'erased', erasedAt: '2025-02-10T10:00:00.000Z' });
    expect(byCategory['user.contact.email']).toMatchObject({ status: 'erased' });
    expect(byCategory['user.device.ip_address']).toMatchObject({ status: 'erased' });
    expect(byCategory['user.financial.bank_account']).toMatchObject({
      status: 'retained',
      retentionUntil: '2032-12-31T00:00:00.000Z',
      retainedUnder: 'Art. 52 AWR: fiscal retention of invoices',
      purposes: ['invoicing'],
      legalBases: ['legal-obligation'],
    });
    // The 2023-05-02 share to cPanel under the DPF, before its decision applied, is a closed finding (the gap ended on 10 July 2023).
    expect(res.body.openFindings).toEqual([
      expect.objectContaining({ rule: 'erasure-not-propagated', detail: expect.objectContaining({ recipientId: 'cpanel' }) }),
    ]);
  });

  it('keeps C-1001 without a retention finding before its deletion date (2027-01-31)', async () => {
    const res = await get(`/v1/findings?subjectId=${subject['C-1001']}&status=all`);
    expect(res.body.findings.map((f: any) => f.rule)).toEqual(['processing-after-objection']);
  });

  it('shows the four breaches in the register as described', async () => {
    const res = await get('/v1/breaches');
    const byId = Object.fromEntries(res.body.breaches.map((b: any) => [b.breachId, b]));
    expect(Object.keys(byId).sort()).toEqual(['B-2025-01', 'B-2025-02', 'B-2025-03', 'B-2026-01']);

    expect(byId['B-2025-01']).toMatchObject({
      status: 'closed',
      facts: { awareAt: '2025-06-10T14:00:00Z', nature: ['confidentiality'], approxSubjects: 1200 },
      linkedBySystems: { subjects: 1, otherCategories: [] },
      effects: { risk: 'high' },
      authorityNotification: { required: true, notifiedAt: '2025-06-12T10:00:00.000Z', hoursAfterAwareness: 44, inTime: true },
      subjectCommunication: { required: true, notifiedAt: '2025-06-13T09:00:00.000Z', channel: 'email' },
    });
    expect(byId['B-2025-02']).toMatchObject({
      status: 'closed',
      effects: { risk: 'unlikely', measuresInPlace: 'full-disk encryption (AES-256)' },
      authorityNotification: { required: false, phases: [] },
      subjectCommunication: { required: false, exemption: { ground: 'art34-3a' } },
    });
    expect(byId['B-2025-02'].authorityNotification.notifiedAt).toBeUndefined();
    expect(byId['B-2025-03']).toMatchObject({
      authorityNotification: { required: true, hoursAfterAwareness: 97, inTime: false, delayReason: expect.stringContaining('extent') },
    });
    expect(byId['B-2026-01']).toMatchObject({
      status: 'open',
      authorityNotification: { required: true, dueAt: '2026-11-25T08:00:00.000Z', hoursLeft: 20 },
    });
  });

  it('summarises the four breaches for the Autoriteit Persoonsgegevens as DOMAIN.md describes them', async () => {
    const summary = async (breachId: string) => (await get(`/v1/breaches/${breachId}/summary`)).body.summary;
    expect(await summary('B-2025-01')).toMatchObject({
      notification: { type: 'initial', status: 'notified', late: false, hoursAfterAwareness: 44, phases: [{ reference: 'AP-2025-0612-01' }] },
      affected: {
        subjectCategories: ['customers'],
        approxSubjects: 1200,
        approxRecords: 1200,
        dataCategories: ['user.contact.email', 'user.contact.phone_number', 'user.name'],
      },
      consequences: { risk: 'high' },
      subjectCommunication: { required: true, status: 'notified', notifiedAt: '2025-06-13T09:00:00.000Z', channel: 'email' },
      closure: { closedAt: '2025-07-01T09:00:00.000Z' },
    });
    expect(await summary('B-2025-02')).toMatchObject({
      notification: { type: 'documented-only', notifiable: false, status: 'not-required', late: false, phases: [] },
      measuresInPlace: { description: 'full-disk encryption (AES-256)' },
      consequences: { risk: 'unlikely' },
      subjectCommunication: { required: false, status: 'exempted', exemption: { ground: 'art34-3a', article: 'Art. 34(3)(a)' } },
    });
    expect(await summary('B-2025-03')).toMatchObject({
      notification: { type: 'initial', late: true, hoursAfterAwareness: 97, delayReason: expect.stringContaining('extent') },
      affected: { approxSubjects: 5000, approxRecords: 40000, dataCategories: ['user.device.ip_address'] },
    });
    expect(await summary('B-2026-01')).toMatchObject({
      notification: { type: 'initial', status: 'not-notified', dueAt: '2026-11-25T08:00:00.000Z', hoursLeft: 20, late: false },
      nature: { types: ['availability', 'confidentiality'], ongoing: true },
    });
  });

  it('renders the late B-2025-03 as a PDF with its reference, counts and reason for the delay', async () => {
    const pdf = await getBytes(`${ledger.url}/v1/breaches/B-2025-03/summary?minPosition=${position}`, {
      ...ledger.auth,
      accept: 'application/pdf',
      'accept-language': 'en',
    });
    expect(pdf.contentType).toBe('application/pdf');
    const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
    expect(text).toContain('B-2025-03');
    expect(text).toContain('5,000');
    expect(text).toContain('40,000');
    expect(text).toContain('97 h after awareness: late');
    expect(text).toContain('The extent of the exposed logs had to be established');
  });

  it('gives one breach with its findings', async () => {
    const res = await get('/v1/breaches/B-2026-01');
    expect(res.status).toBe(200);
    expect(res.body.findings).toEqual([expect.objectContaining({ rule: 'breach-not-notified', status: 'open' })]);
    expect((await get('/v1/breaches/B-1999-99')).status).toBe(404);
  });

  it("pages C-1001's history in business time and filters it by type and period", async () => {
    const first = await get(`/v1/subjects/${subject['C-1001']}/history?limit=4`);
    expect(first.body.events.map((e: any) => e.type)).toEqual([
      'PersonalDataCollected',
      'PersonalDataCollected',
      'PersonalDataSharedWithProcessor',
      'PersonalDataSharedWithProcessor',
    ]);
    expect(first.body.events[0].personal).toMatchObject({ email: 'klant1001@example.nl', name: 'Klant 1001' });
    const rest = await get(`/v1/subjects/${subject['C-1001']}/history?limit=100&cursor=${first.body.next}`);
    expect(rest.body.events).toHaveLength(6);
    expect(rest.body.next).toBeUndefined();
    const filtered = await get(
      `/v1/subjects/${subject['C-1001']}/history?type=SubjectRequestReceived,PersonalDataExported&from=2024-09-15T00:00:00Z&to=2025-01-01T00:00:00Z`,
    );
    expect(filtered.body.events.map((e: any) => e.type)).toEqual(['PersonalDataExported']);
    expect((await get(`/v1/subjects/${subject['C-1001']}/history?cursor=garbage`)).status).toBe(400);
    expect((await get(`/v1/subjects/${subject['C-1001']}/history?type=Nope`)).status).toBe(400);
  });

  it('lists the recipient register', async () => {
    const res = await get('/v1/recipients');
    expect(res.body.recipients.map((r: any) => [r.recipientId, r.country, r.outsideEea])).toEqual([
      ['cpanel', 'US', true],
      ['google-analytics', 'US', true],
      ['incasso-bv', 'NL', false],
      ['nl-ap', 'NL', false],
      ['openprovider', 'US', true],
    ]);
  });

  it('builds the Art. 30 record and flags the marketing nobody declared', async () => {
    const res = await get('/v1/records-of-processing');
    expect(res.status).toBe(200);
    expect(res.body.controller).toMatchObject({ dpo: { email: 'fg@hostinghuis.example' }, supervisoryAuthority: { id: 'nl-ap' } });
    const accounts = res.body.activities.find((a: any) => a.activityId === 'customer-accounts');
    expect(accounts).toMatchObject({
      purposes: ['service', 'domain-registration', 'hosting'],
      recipients: [
        { recipientId: 'cpanel', country: 'US', outsideEea: true, safeguard: 'dpf' },
        { recipientId: 'openprovider', country: 'US', outsideEea: true, safeguard: 'scc' },
      ],
      retention: expect.stringContaining('two years'),
    });
    // Art. 30(1)(e): where the data went, as the shares stated it, with the safeguard; none lacks one.
    expect(accounts.transfers).toEqual(
      expect.arrayContaining([
        { country: 'US', safeguard: 'dpf', recipientId: 'cpanel', observed: true },
        { country: 'US', safeguard: 'scc', recipientId: 'openprovider', observed: true },
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain('without a Chapter V safeguard');
    expect(res.body.undeclaredProcessing).toEqual([
      expect.objectContaining({ purpose: 'marketing', systems: ['mailer'], categories: ['user.contact.email'], recipients: [], events: 1 }),
    ]);
    expect(res.body.next).toBeUndefined();
  });

  it('answers 404 for a name it does not know and for a subject without facts', async () => {
    expect((await api.get('/v1/subjects?system=customer-portal&externalId=C-9999')).status).toBe(404);
    expect((await api.get('/v1/subjects?system=customer-portal')).status).toBe(400);
    expect((await get('/v1/subjects/01900000-0000-7000-8000-000000000000/data-map')).status).toBe(404);
  });

  it('refuses a minPosition beyond the end of the log', async () => {
    const res = await api.get(`/v1/findings?minPosition=${position + 1000}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('beyond the end of the log');
  });
});
