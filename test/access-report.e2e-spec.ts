import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { factRecorder } from './support/fact-recorder';
import { client } from './support/http';
import { getBytes } from './support/http-bytes';
import { RunningLedger, startLedger } from './support/ledger-server';
import { pdfText } from './support/pdf-text';

const NAME = 'Łukasz Ørsted Ğüneş';

/**
 * GET /v1/subjects/:subjectId/access-report: the answer to an access request (Art. 15) on the
 * HostingHuis scenario — purposes, recipients with their countries and safeguards, retention,
 * sources, rights, a copy of the data — as JSON and as a PDF in Dutch and English; with
 * `requestId`, the ledger records the export that answers the request.
 */
describe('the answer to an access request (GET /v1/subjects/:subjectId/access-report)', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  const facts = factRecorder(() => api);
  const subject: Record<string, string> = {};
  const PURPOSE = { 'x-purpose': 'access request R-1001-2' };

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: SCENARIO_NOW, LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json') });
    api = client(ledger.url, ledger.auth);
    expect((await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO })).status).toBe(201);
    await facts.record({
      id: randomUUID(),
      type: 'SubjectRequestReceived',
      occurredAt: '2026-11-20T09:00:00Z',
      subject: { system: 'customer-portal', externalId: 'C-1001' },
      data: { requestId: 'R-1001-2', right: 'access', channel: 'e-mail' },
    });
    subject['C-3001'] = (
      await facts.record({
        id: randomUUID(),
        type: 'PersonalDataCollected',
        occurredAt: '2026-01-05T10:00:00Z',
        subject: { system: 'customer-portal', externalId: 'C-3001' },
        data: {
          categories: ['user.name', 'user.contact.email'],
          purpose: 'service',
          legalBasis: 'contract',
          source: 'data-subject',
          system: 'customer-portal',
        },
        personal: { name: NAME, email: 'lukasz@example.pl' },
      })
    ).subjectId;
    for (const id of ['C-1001', 'C-1002', 'C-1004'])
      subject[id] = (await api.get(`/v1/subjects?system=customer-portal&externalId=${id}`, PURPOSE)).body.subjectId;
  });
  afterAll(() => ledger.close());

  const report = (id: string, query = '', headers: Record<string, string> = {}) =>
    api.get(facts.fresh(`/v1/subjects/${subject[id]}/access-report${query}`), { ...PURPOSE, ...headers });
  const pdf = async (id: string, query: string) => {
    const res = await getBytes(`${ledger.url}${facts.fresh(`/v1/subjects/${subject[id]}/access-report${query}`)}`, { ...ledger.auth, ...PURPOSE });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/pdf');
    return pdfText(res.body);
  };
  const squash = (text: string) => text.replace(/\s+/g, '');

  it('tells C-1001 the purposes (service, security, marketing), the recipients openprovider and cpanel with countries and safeguards, and the retention', async () => {
    const res = await report('C-1001');
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.purposes.map((p: any) => p.purpose)).toEqual(expect.arrayContaining(['service', 'security', 'marketing']));
    expect(r.purposes.find((p: any) => p.purpose === 'security')).toEqual({
      purpose: 'security',
      legalBases: ['legitimate-interests'],
      categories: ['custom.device.browser_type', 'custom.device.device_type', 'user.device.ip_address'],
    });
    expect(r.recipients).toEqual([
      {
        recipientId: 'cpanel',
        name: 'cPanel, L.L.C.',
        role: 'processor',
        country: 'US',
        outsideEea: true,
        safeguard: 'dpf',
        categories: ['user.contact.email', 'user.name'],
      },
      {
        recipientId: 'openprovider',
        name: 'Openprovider',
        role: 'processor',
        country: 'US',
        outsideEea: true,
        safeguard: 'scc',
        categories: ['user.contact.address', 'user.contact.email', 'user.contact.phone_number', 'user.name'],
      },
    ]);
    // All services ended 2025-01-31 23:59: the account is deleted 24 months later.
    expect(r.retention.account).toEqual({ months: 24, allServicesEndedAt: '2025-01-31T23:59:00.000Z', deleteBy: '2027-01-31T23:59:00.000Z' });
    expect(r.retention.declared.map((d: any) => [d.activityId, d.retention])).toEqual([
      ['customer-accounts', 'account deleted two years after the last service ended'],
      ['security-logging', 'from login to logout'],
    ]);
    expect(r.sources).toEqual(
      expect.arrayContaining([{ source: 'observed', categories: ['custom.device.browser_type', 'custom.device.device_type', 'user.device.ip_address'] }]),
    );
    expect(r.rights.map((x: any) => x.right)).toEqual(['rectification', 'erasure', 'restriction', 'portability', 'objection', 'complaint']);
    expect(r.supervisoryAuthority).toEqual({ name: 'Autoriteit Persoonsgegevens', country: 'NL', url: 'https://www.autoriteitpersoonsgegevens.nl' });
    expect(r.automatedDecisionMaking).toEqual({ recorded: false });
    const values = Object.fromEntries(r.personalData.map((v: any) => [v.field, v.value]));
    expect(values).toMatchObject({ 'externalId:customer-portal': 'C-1001', name: 'Klant 1001', email: 'klant1001@example.nl', ip: '192.0.2.101' });
    expect(r.position).toBeGreaterThanOrEqual(facts.position);
  });

  it("prints it as a PDF in Dutch and in English, with the Art. 15 sections, the recipients' countries and safeguards, and the log position", async () => {
    const nl = squash(await pdf('C-1001', '?format=pdf&lang=nl'));
    for (const expected of [
      'Uw persoonsgegevens: antwoord op uw verzoek om inzage',
      'Waarom wij uw gegevens verwerken — art. 15 lid 1 onder a',
      'Wie uw gegevens ontvangt, en doorgiften buiten de EER',
      'Hoe lang wij uw gegevens bewaren',
      'Uw rechten',
      'Klachten',
      'Waar uw gegevens vandaan komen',
      'Geautomatiseerde besluiten',
      'Een kopie van uw persoonsgegevens',
      'Openprovider (openprovider)',
      'in US, buiten de EER',
      'waarborg: modelcontractbepalingen (art. 46 lid 2 onder c AVG)',
      'cPanel, L.L.C. (cpanel)',
      'waarborg: EU-VS Data Privacy Framework (art. 45 AVG)',
      'alle diensten zijn beëindigd op 2025-01-31; het account wordt 24 maanden later verwijderd, uiterlijk 2027-01-31',
      'Autoriteit Persoonsgegevens',
      'Klant 1001',
      'Logpositie',
    ]) {
      expect(nl).toContain(squash(expected));
    }
    const en = squash(await pdf('C-1001', '?format=pdf&lang=en'));
    for (const expected of [
      'Your personal data: answer to your access request',
      'Why we process your data — Art. 15(1)(a)',
      'Who receives your data, and transfers outside the EEA — Art. 15(1)(c) and 15(2)',
      'How long we keep your data — Art. 15(1)(d)',
      'Your rights — Art. 15(1)(e)',
      'Complaints — Art. 15(1)(f)',
      'Where your data comes from — Art. 15(1)(g)',
      'Automated decisions — Art. 15(1)(h)',
      'in US, outside the EEA',
      'safeguard: standard contractual clauses (Art. 46(2)(c))',
      'safeguard: EU–US Data Privacy Framework (Art. 45)',
      'marketing',
      'security',
      'service',
      'all services ended on 2025-01-31; the account is deleted 24 months later, by 2027-01-31',
      'klant1001@example.nl',
      'Log position',
    ]) {
      expect(en).toContain(squash(expected));
    }
  });

  it('prints a name with Ł, Ø and Ğ exactly as written', async () => {
    const text = await pdf('C-3001', '?format=pdf&lang=en');
    expect(text).toContain(NAME);
    expect(text).toContain('lukasz@example.pl');
  });

  it('with requestId records the PersonalDataExported that answers the request, once, so the register shows it answered', async () => {
    const before = (await api.get(facts.fresh('/v1/requests?right=access&status=open'))).body.requests;
    expect(before.map((r: any) => r.requestId)).toEqual(['R-1001-2']);
    const res = await fetch(`${ledger.url}/v1/subjects/${subject['C-1001']}/access-report?requestId=R-1001-2&format=pdf`, {
      headers: { ...ledger.auth, ...PURPOSE },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    // The append's position, to read the register once it includes the answer.
    const position = Number(res.headers.get('x-ledger-position'));
    expect(position).toBeGreaterThan(facts.position);
    await res.arrayBuffer();
    const register = (await api.get(`/v1/requests?right=access&minPosition=${position}`)).body.requests;
    const answered = register.find((r: any) => r.requestId === 'R-1001-2');
    expect(answered).toMatchObject({
      status: 'answered',
      answeredAt: '2026-11-24T12:00:00.000Z',
      answeredBy: { type: 'PersonalDataExported', eventId: expect.any(String) },
    });
    // The fact in C-1001's history: an export for the access request, of the categories still held.
    const history = (await api.get(`/v1/subjects/${subject['C-1001']}/history?type=PersonalDataExported&minPosition=${position}`, PURPOSE)).body.events;
    const pdfAnswer = history.find((e: any) => e.id === answered.answeredBy.eventId);
    expect(pdfAnswer.data).toMatchObject({ requestId: 'R-1001-2', right: 'access', format: 'pdf' });
    expect(pdfAnswer.data.categories).toEqual(expect.arrayContaining(['user.name', 'user.contact.email', 'user.device.ip_address']));
    // A repeat is the same answer: nothing new is written.
    const json = await report('C-1001', '?requestId=R-1001-2&format=json');
    expect(json.body.answer).toEqual({ requestId: 'R-1001-2', eventId: expect.any(String), recorded: true, position: expect.any(Number) });
    const again = await report('C-1001', '?requestId=R-1001-2&format=json');
    expect(again.body.answer).toEqual({ requestId: 'R-1001-2', eventId: json.body.answer.eventId, recorded: false });
    const pdfAgain = await getBytes(`${ledger.url}/v1/subjects/${subject['C-1001']}/access-report?requestId=R-1001-2&format=pdf`, {
      ...ledger.auth,
      ...PURPOSE,
    });
    expect(pdfAgain.status).toBe(200);
    const exports = (await api.get(`/v1/subjects/${subject['C-1001']}/history?type=PersonalDataExported&minPosition=${json.body.answer.position}`, PURPOSE))
      .body.events;
    expect(
      exports
        .filter((e: any) => e.data.requestId === 'R-1001-2')
        .map((e: any) => e.data.format)
        .sort(),
    ).toEqual(['json', 'pdf']);
  });

  it('refuses to answer a request that is not an access request, or that the subject never made, and writes nothing', async () => {
    const head = (await api.get('/health/ready')).body.head;
    const portability = await report('C-1004', '?requestId=R-1004-1');
    expect(portability.status).toBe(409);
    expect(portability.body.message).toContain('portability');
    const unknown = await report('C-1001', '?requestId=R-9999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('R-9999');
    expect((await report('C-1001', '?requestId=two%20words')).status).toBe(400);
    expect((await api.get('/health/ready')).body.head).toBe(head);
  });

  it('shows what was erased as erased, and what is kept under a legal obligation until when', async () => {
    const r = (await report('C-1002')).body;
    expect(r.categories.find((c: any) => c.category === 'user.name')).toMatchObject({ status: 'erased', erasedAt: '2025-02-10T10:00:00.000Z' });
    expect(r.categories.find((c: any) => c.category === 'user.financial.bank_account')).toMatchObject({
      status: 'retained',
      retentionUntil: '2032-12-31T00:00:00.000Z',
      retainedUnder: 'Art. 52 AWR: fiscal retention of invoices',
    });
  });

  it('is a read of the subject: it needs a stated purpose and is recorded in the access audit', async () => {
    const without = await api.get(`/v1/subjects/${subject['C-1004']}/access-report`);
    expect(without.status).toBe(400);
    expect(without.body.message).toContain('X-Purpose');
    const entries = (await api.get(`/v1/audit/access?subjectId=${subject['C-1001']}&limit=1000`)).body.entries;
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ route: 'GET /v1/subjects/:subjectId/access-report', purpose: 'access request R-1001-2', outcome: 'disclosed' }),
      ]),
    );
  });
});
