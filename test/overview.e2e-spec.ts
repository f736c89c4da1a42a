import { join } from 'node:path';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { client } from './support/http';
import { RunningLedger, bearer, startLedger } from './support/ledger-server';

/** GET /v1/overview: what the console's first screen counts, counted by the ledger. */
describe('the overview counts', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  let position: number;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: SCENARIO_NOW, LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json') });
    api = client(ledger.url, ledger.auth);
    const recorded = await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO });
    expect(recorded.status).toBe(201);
    position = Math.max(...recorded.body.events.map((e: { position: number }) => e.position));
  }, 120_000);
  afterAll(() => ledger?.close());

  it('gives the same open findings, by rule and by due date, as the findings register at the same clock', async () => {
    const overview = await api.get(`/v1/overview?minPosition=${position}`);
    expect(overview.status).toBe(200);
    expect(Date.parse(overview.body.now)).toBe(Date.parse(SCENARIO_NOW));
    const listed = (await api.get(`/v1/findings?status=open&limit=500`)).body.findings as { rule: string; dueAt: string }[];
    expect(overview.body.findings.open).toBe(5);
    expect(overview.body.findings.open).toBe(listed.length);
    const byRule: Record<string, number> = {};
    for (const f of listed) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    expect(overview.body.findings.byRule).toEqual(byRule);
    const now = Date.parse(SCENARIO_NOW);
    const bucket = (dueAt: string) => (Date.parse(dueAt) < now ? 'overdue' : Date.parse(dueAt) - now <= 72 * 3_600_000 ? 'within72h' : 'later');
    const byDue = { overdue: 0, within72h: 0, later: 0 };
    for (const f of listed) byDue[bucket(f.dueAt)] += 1;
    expect(overview.body.findings.byDue).toEqual(byDue);
    // B-2026-01's Art. 33 notification is due in 20 h.
    expect(byDue.within72h).toBeGreaterThanOrEqual(1);
  });

  it('filters the findings register by the same due buckets', async () => {
    const { body } = await api.get('/v1/overview');
    for (const due of ['overdue', 'within72h', 'later']) {
      const page = await api.get(`/v1/findings?due=${due}`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(body.findings.byDue[due]);
      expect(page.body.findings).toHaveLength(body.findings.byDue[due]);
    }
    // HostingHuis at its clock: four findings overdue, the breach B-2026-01 due within 72 hours.
    expect(body.findings.byDue).toEqual({ overdue: 4, within72h: 1, later: 0 });
    const unknown = await api.get('/v1/findings?due=tomorrow');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toMatch(/due/);
  });

  it('lists the breaches whose 72-hour clock runs: B-2026-01, due in 20 hours', async () => {
    const { body } = await api.get('/v1/overview');
    expect(body.breaches.awaitingNotification).toBe(1);
    expect(body.breaches.soonestDue.map((b: { breachId: string }) => b.breachId)).toEqual(['B-2026-01']);
    expect(body.breaches.soonestDue[0].authorityNotification).toMatchObject({ required: true, hoursLeft: 20 });
  });

  it('counts the events recorded in the last day at the ledger clock', async () => {
    // The clock stands still at LEDGER_NOW, so every event of the scenario was recorded "now".
    const { body } = await api.get('/v1/overview');
    expect(body.ingest.lastDay).toBe(HOSTINGHUIS_SCENARIO.length);
  });

  it('is for the DPO: a regulator or an emitter key gets 403', async () => {
    for (const role of ['regulator', 'emitter'] as const) {
      const key = (await api.post('/v1/admin/keys', { name: `overview ${role}`, role, ...(role === 'emitter' ? { systems: ['crm'] } : {}) })).body
        .key as string;
      expect((await client(ledger.url, bearer(key)).get('/v1/overview')).status).toBe(403);
    }
  });
});
