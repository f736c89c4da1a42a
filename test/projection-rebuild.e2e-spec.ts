import { rmSync } from 'node:fs';
import { C1002_CPANEL_TOLD, HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { startLedger, tempDataDir } from './support/ledger-server';
import { dumpProjections } from './support/projection-dump';

/** Projections are disposable: rebuilding from zero gives exactly the state built incrementally. */
describe('projection rebuild', () => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds every projection from zero to the state built incrementally', async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_NOW: SCENARIO_NOW };
    const ledger = await startLedger(env);
    const api = client(ledger.url, ledger.auth);
    // Incrementally: the scenario in small batches, then single facts, as live traffic would come.
    for (let i = 0; i < HOSTINGHUIS_SCENARIO.length; i += 7) {
      expect((await api.post('/v1/events/batch', { events: HOSTINGHUIS_SCENARIO.slice(i, i + 7) })).status).toBe(201);
    }
    let last = 0;
    for (const fact of [C1002_CPANEL_TOLD, example('PersonalDataCollected'), example('BreachAssessed')]) {
      last = (await api.post('/v1/events', fact)).body.position;
    }
    expect((await api.get(`/v1/findings?minPosition=${last}`)).status).toBe(200);
    await ledger.close({ keepData: true });

    const incremental = dumpProjections(dataDir);
    expect(incremental.subject_profiles.length).toBe(5);
    expect(incremental.breach_records.length).toBe(5);

    const rebuilt = await runCli(['rebuild'], env);
    expect(rebuilt.stderr).not.toMatch(/error/i);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/subjects: rebuilt to position \d+/);
    expect(rebuilt.stdout.match(/rebuilt to position/g)).toHaveLength(6);
    expect(dumpProjections(dataDir)).toEqual(incremental);
  }, 120_000);

  it('names the projections it knows when asked for one it does not', async () => {
    const empty = tempDataDir();
    const res = await runCli(['rebuild', 'nonsense'], { LEDGER_DATA_DIR: empty });
    rmSync(empty, { recursive: true, force: true });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('unknown projection nonsense; known: subjects, history, breaches, recipients, processing-records, erasure-process');
  }, 60_000);
});
