import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ReadSide } from '@ledger/projections';
import { C1002_CPANEL_TOLD, HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { startLedger, tempDataDir } from './support/ledger-server';
import { dumpProjections } from './support/projection-dump';

/** Projections are disposable: rebuilding from zero gives exactly the state built incrementally. */
describe('projection rebuild', () => {
  it.each(['main', 'worker'])(
    'rebuilds every projection from zero to the state built incrementally (read side in the %s thread)',
    async (thread) => {
      const dataDir = tempDataDir();
      const env = { LEDGER_DATA_DIR: dataDir, LEDGER_NOW: SCENARIO_NOW, LEDGER_READ_SIDE_THREAD: thread };
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
      expect(rebuilt.stdout.match(/rebuilt to position/g)).toHaveLength(7);
      expect(dumpProjections(dataDir)).toEqual(incremental);
      rmSync(dataDir, { recursive: true, force: true });
    },
    120_000,
  );

  it('clears what a projection set aside and folds again, naming the events that still fail', async () => {
    const dir = tempDataDir();
    const env = { LEDGER_DATA_DIR: dir };
    const ledger = await startLedger(env);
    const api = client(ledger.url, ledger.auth);
    const subjectId = (await api.post('/v1/events', example('PersonalDataCollected'))).body.subjectId;
    // A share without recipient or categories, as an older ledger might have stored: no fold can take it.
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const [bad] = await store.appendMany([
      {
        streamId: `subject-${subjectId}`,
        events: [
          {
            id: randomUUID(),
            type: 'PersonalDataSharedWithProcessor',
            data: { purpose: 'hosting' },
            metadata: { occurredAt: '2025-01-01T10:00:00Z', subjectId },
          },
        ],
      },
    ]);
    const later = (await api.post('/v1/events', example('ConsentGiven'))).body.position;
    expect((await api.get(`/v1/findings?minPosition=${later}`)).status).toBe(200);
    expect(
      ledger.app
        .get(ReadSide)
        .status()
        .find((s) => s.name === 'subjects'),
    ).toMatchObject({ quarantined: 1, failures: [{ position: bad.events[0].position.commit }] });
    await ledger.close({ keepData: true });

    const still = await runCli(['rebuild', 'subjects'], env);
    expect(still.code).toBe(1);
    expect(still.stderr).toContain(
      `subjects: 1 event(s) still cannot be folded and were set aside:\n  position ${bad.events[0].position.commit}  PersonalDataSharedWithProcessor ${bad.events[0].id}: TypeError`,
    );
    const history = await runCli(['rebuild', 'history'], env);
    expect(history.code).toBe(0);
    const db = new Database(join(dir, 'projections.db'), { readonly: true });
    const quarantined = db.prepare('SELECT name, count(*) AS n FROM projection_quarantine GROUP BY name ORDER BY name').all();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    // Rebuilding subjects cleared its quarantine and set the event aside again; the others that
    // could not fold it either keep theirs until they are rebuilt; history folds anything.
    expect(quarantined).toEqual([
      { name: 'erasure-process', n: 1 },
      { name: 'processing-records', n: 1 },
      { name: 'requests', n: 1 },
      { name: 'subjects', n: 1 },
    ]);
  }, 120_000);

  it('names the projections it knows when asked for one it does not', async () => {
    const empty = tempDataDir();
    const res = await runCli(['rebuild', 'nonsense'], { LEDGER_DATA_DIR: empty });
    rmSync(empty, { recursive: true, force: true });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('unknown projection nonsense; known: subjects, history, breaches, recipients, processing-records, requests, erasure-process');
  }, 60_000);
});
