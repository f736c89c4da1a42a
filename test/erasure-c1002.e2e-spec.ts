import { join } from 'node:path';
import { C1002_CPANEL_TOLD, HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { eventually } from './support/eventually';
import { client } from './support/http';
import { startLedger, tempDataDir } from './support/ledger-server';
import { rmSync } from 'node:fs';
import { generateApiKey } from '@ledger/access';

/**
 * DOMAIN.md, C-1002: erased by the portal, told to openprovider but not to cpanel. Once cpanel
 * is told, the ledger shreds the identity and contact keys; the fiscal group survives until
 * its retention ends (2032-12-31), and is shredded then.
 */
describe('erasure of C-1002 by crypto-shredding', () => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const profile = join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json');
  // The ledger takes a bootstrap admin key on its first start only: the restart presents the same one.
  const adminKey = generateApiKey();

  it('shreds identity and contact once cpanel is told, keeps the fiscal group until its date', async () => {
    const ledger = await startLedger({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_NOW: SCENARIO_NOW,
      LEDGER_CONTROLLER_PROFILE: profile,
      LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey,
    });
    const api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'compliance test' });
    expect((await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO })).status).toBe(201);
    const subjectId = (await api.get('/v1/subjects?system=customer-portal&externalId=C-1002')).body.subjectId;

    const before = await api.get(`/v1/subjects/${subjectId}/erasure`);
    expect(before.body).toMatchObject({ state: 'awaiting-recipients', requestId: 'R-1002-1', awaitingRecipients: ['cpanel'], shreddedGroups: [] });
    const signup = (await api.get(`/v1/subjects/${subjectId}/events`)).body.events[0];
    expect(signup.personal.email).toBe('klant1002@example.nl');
    expect(signup.subject.externalId).toBe('C-1002');

    const told = await api.post('/v1/events', C1002_CPANEL_TOLD);
    expect(told.status).toBe(201);
    const status = await eventually(async () => {
      const res = await api.get(`/v1/subjects/${subjectId}/erasure`);
      return res.body.state === 'retained' ? res.body : undefined;
    }, 'identity and contact to be shredded');
    expect(status).toMatchObject({ shreddedGroups: ['identity', 'contact'], retainedGroups: [{ group: 'fiscal', until: '2032-12-31' }] });

    const events = (await api.get(`/v1/subjects/${subjectId}/events`)).body.events;
    const byName = (type: string) => events.filter((e: any) => e.type === type);
    const [signupAfter] = byName('PersonalDataCollected');
    expect(signupAfter.personal).toEqual({
      name: '[erased]',
      address: '[erased]',
      city: '[erased]',
      postcode: '[erased]',
      phone: '[erased]',
      email: '[erased]',
    });
    expect(signupAfter.erased).toEqual(['identity', 'contact']);
    expect(signupAfter.subject.externalId).toBe('[erased]');
    const invoice = byName('PersonalDataCollected').find((e: any) => e.data.purpose === 'invoicing');
    expect(invoice.personal).toEqual({ iban: 'NL91ABNA0417164300', invoiceName: 'Klant 1002', invoiceAddress: 'Dorpsstraat 1002, Utrecht' });
    expect(byName('SubjectDataShredded')).toEqual([
      expect.objectContaining({
        occurredAt: '2026-11-24T12:00:00.000Z',
        data: {
          keyGroups: ['identity', 'contact'],
          reason: 'erasure',
          requestId: 'R-1002-1',
          categories: expect.arrayContaining(['user.name', 'user.contact.email', 'user.device.ip_address']),
        },
      }),
    ]);
    // The mapping from the portal's id died with the identity key.
    expect((await api.get('/v1/subjects?system=customer-portal&externalId=C-1002')).status).toBe(404);

    // The Art. 19 finding opened in 2025 and is closed now that cpanel was told.
    const findings = await api.get(`/v1/findings?status=all&subjectId=${subjectId}&minPosition=${told.body.position}`);
    expect(findings.body.findings).toEqual([
      // Chapter V: C-1002's data went to cPanel under the DPF on 2023-05-02, before that decision applied;
      // the gap closed when it did (10 July 2023), so the finding is closed with both dates.
      expect.objectContaining({
        rule: 'transfer-without-safeguard',
        status: 'closed',
        closedAt: '2023-07-10T00:00:00.000Z',
        detail: expect.objectContaining({ recipientId: 'cpanel', problem: 'dpf-not-in-force', coveredFrom: '2023-07-10' }),
      }),
      expect.objectContaining({
        rule: 'erasure-not-propagated',
        status: 'closed',
        closedAt: '2026-11-24T11:00:00.000Z',
        detail: expect.objectContaining({ recipientId: 'cpanel' }),
      }),
    ]);
    const history = await api.get(`/v1/subjects/${subjectId}/history?type=PersonalDataCollected`);
    expect(history.body.events[0].personal.email).toBe('[erased]');
    await ledger.close({ keepData: true });

    // Years later the fiscal retention ends: the sweep at start shreds the last group.
    const later = await startLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_NOW: '2033-01-02T00:00:00Z', LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey });
    const lapi = client(later.url, { ...later.auth, 'x-purpose': 'compliance test' });
    const final = await eventually(async () => {
      const res = await lapi.get(`/v1/subjects/${subjectId}/erasure`);
      return res.body.state === 'shredded' ? res.body : undefined;
    }, 'the fiscal group to be shredded');
    expect(final.shreddedGroups).toEqual(['identity', 'contact', 'fiscal']);
    const invoiceLater = (await lapi.get(`/v1/subjects/${subjectId}/events`)).body.events.find((e: any) => e.data.purpose === 'invoicing');
    expect(invoiceLater.personal).toEqual({ iban: '[erased]', invoiceName: '[erased]', invoiceAddress: '[erased]' });
    const proofs = (await lapi.get(`/v1/subjects/${subjectId}/events`)).body.events.filter((e: any) => e.type === 'SubjectDataShredded');
    expect(proofs.map((p: any) => [p.data.keyGroups, p.data.reason])).toEqual([
      [['identity', 'contact'], 'erasure'],
      [['fiscal'], 'retention-expired'],
    ]);
    await later.close({ keepData: true });
  }, 120_000);
});
