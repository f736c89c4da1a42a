import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { generateApiKey } from '@ledger/access';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { eventually } from './support/eventually';
import { fact } from './support/facts';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { LedgerProcess, spawnLedger } from './support/ledger-process';
import { tempDataDir } from './support/ledger-server';
import { dumpProjections } from './support/projection-dump';
import { webhookReceiver } from './support/webhook-receiver';

type Api = ReturnType<typeof client>;

// The demo scenario's registers, breaches and subjects come first (they give findings to compare), at its "now".
const NOW = SCENARIO_NOW;
const CLIENTS = 16;
const SUBJECTS_PER_CLIENT = 8;
const PURPOSE = { 'x-purpose': 'issue 17 multi-instance test' };

/** One subject's facts, in its order: collected, then an erasure (every other subject) or the end of the service. */
interface SubjectScript {
  externalId: string;
  collected: ReturnType<typeof fact>;
  ended?: ReturnType<typeof fact>;
  erasure?: { requestId: string; erased: ReturnType<typeof fact> };
}

function scripts(): SubjectScript[][] {
  return Array.from({ length: CLIENTS }, (_, c) =>
    Array.from({ length: SUBJECTS_PER_CLIENT }, (_, j) => {
      const externalId = `L17-${c}-${j}`;
      const subject = { system: 'crm', externalId };
      const collected = fact('PersonalDataCollected', {
        subject,
        occurredAt: '2025-01-01T10:00:00Z',
        data: { categories: ['user.name', 'user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' },
        personal: { name: `Lease Tester ${c} ${j}` },
      });
      if (j % 2 === 0) {
        const requestId = `E-${c}-${j}`;
        const erased = fact('PersonalDataErased', {
          subject,
          occurredAt: '2025-02-01T10:00:00Z',
          data: { requestId, ground: 'subject-request', categories: ['user.name', 'user.contact.email'] },
        });
        return { externalId, collected, erasure: { requestId, erased } };
      }
      return { externalId, collected, ended: fact('ServiceEnded', { subject, occurredAt: '2025-01-15T10:00:00Z', data: { allServices: true } }) };
    }),
  );
}

/** The demo scenario, in its order, in small batches; its subjects' ids, named by their external ids. */
async function postScenario(api: Api): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let i = 0; i < HOSTINGHUIS_SCENARIO.length; i += 7) {
    const batch = HOSTINGHUIS_SCENARIO.slice(i, i + 7);
    const res = await api.post('/v1/events/batch', { events: batch });
    expect(res.status).toBe(201);
    batch.forEach((f, k) => {
      const ref = (f as { subject?: { system?: string; externalId?: string } }).subject;
      const subjectId = res.body.events[k].subjectId;
      if (subjectId && ref?.externalId) names.set(subjectId, `${ref.system}/${ref.externalId}`);
    });
  }
  return names;
}

/** Every finding, all pages, with subject ids replaced by the subjects' external ids (they are random per run). */
async function findings(api: Api, names: Map<string, string>): Promise<string[]> {
  const all: unknown[] = [];
  let cursor: string | undefined;
  do {
    const res = await api.get(`/v1/findings?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    all.push(...res.body.findings);
    cursor = res.body.next;
  } while (cursor);
  return all.map((f) => [...names].reduce((text, [id, name]) => text.split(id).join(name), JSON.stringify(f))).sort();
}

async function leaseOf(ledger: LedgerProcess): Promise<string | undefined> {
  try {
    return (await client(ledger.url, ledger.auth).get('/health/ready')).body.lease;
  } catch {
    return undefined;
  }
}

/**
 * Issue 17, point 3: two ledger processes on one PostgreSQL database (log and key vault), each
 * with its own read models, and one effects lease between them. 16 clients spread over both post
 * facts and erasures; the lease's holder is SIGKILLed mid-load; the other takes the lease over and
 * finishes the erasures. Nothing acknowledged is lost or doubled, each proof is written once, the
 * survivor's read models equal a rebuild, and the findings equal a single instance's.
 */
describe('several instances, one deployment', () => {
  let database: TestDatabase;
  const dirs = [tempDataDir(), tempDataDir(), tempDataDir()];
  const ledgers: LedgerProcess[] = [];
  const receivers: Awaited<ReturnType<typeof webhookReceiver>>[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('ledger_lease');
  });
  afterAll(async () => {
    await Promise.all(ledgers.map((l) => l.kill()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
    for (const r of receivers) await r.close();
  });

  it('runs the erasure process on one instance at a time and hands it over when the holder dies', async () => {
    const shared = {
      LEDGER_EVENT_STORE: 'postgres',
      LEDGER_DATABASE_URL: database.url,
      LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
      LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey(),
      LEDGER_NOW: NOW,
    };
    // Each instance tells a webhook receiver of its own, so the test sees which one delivers.
    for (const dir of dirs.slice(0, 2)) {
      const receiver = await webhookReceiver();
      receivers.push(receiver);
      ledgers.push(
        await spawnLedger({ ...shared, LEDGER_DATA_DIR: dir, LEDGER_NOTIFY_WEBHOOKS: receiver.url, LEDGER_NOTIFY_SECRET: randomBytes(24).toString('base64') }),
      );
    }
    const leases = await eventually(async () => {
      const states = await Promise.all(ledgers.map(leaseOf));
      return states.includes('held') && states.includes('standby') ? states : undefined;
    }, 'one ledger to hold the lease');
    const holder = leases.indexOf('held');
    const standby = 1 - holder;
    // The standby serves: its read models are ready; the effects it does not run do not count.
    const standbyReady = await client(ledgers[standby].url, ledgers[standby].auth).get('/health/ready');
    expect(standbyReady.status).toBe(200);
    expect(standbyReady.body).toMatchObject({ status: 'ready', lease: 'standby' });
    const metrics = async (i: number) => (await client(ledgers[i].url, ledgers[i].auth).get('/metrics')).body as string;
    expect(await metrics(holder)).toMatch(/^ledger_effects_lease_held 1$/m);
    expect(await metrics(standby)).toMatch(/^ledger_effects_lease_held 0$/m);

    const scenarioNames = await postScenario(client(ledgers[0].url, { ...ledgers[0].auth, ...PURPOSE }));
    // The scenario's findings are told once, by the holder; the standby's outbox is idle.
    await eventually(async () => (receivers[holder].received.length > 0 ? true : undefined), 'the holder to deliver notifications');
    const work = scripts();
    const subjectIds = new Map<string, string>();
    const acknowledged = new Set<string>();
    const erasuresBeforeKill = new Set<string>();
    let killed = false;
    let requests = 0;
    const total = work.flat().reduce((n, s) => n + (s.erasure ? 3 : 2), 0);

    /** Sends to the client's ledger; when that one is dead, to the other (the same fact again: idempotent). */
    async function send(c: number, path: string, body: unknown): Promise<{ status: number; body: any }> {
      for (let attempt = 0; ; attempt++) {
        const target = killed ? ledgers[standby] : ledgers[c % 2];
        try {
          const res = await client(target.url, { ...target.auth, ...PURPOSE }).post(path, body);
          if (res.status < 500) return res;
        } catch {
          // the connection died with the instance: not acknowledged, sent again
        }
        if (attempt > 200) throw new Error(`client ${c}: ${path} never acknowledged`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    const clientRun = async (c: number) => {
      for (const s of work[c]) {
        const collected = await send(c, '/v1/events', s.collected);
        expect([200, 201]).toContain(collected.status);
        acknowledged.add(s.collected.id);
        subjectIds.set(collected.body.subjectId, s.externalId);
        requests++;
        if (s.erasure) {
          const requested = await send(c, `/v1/subjects/${collected.body.subjectId}/erasure`, { requestId: s.erasure.requestId });
          expect([200, 202]).toContain(requested.status);
          requests++;
          const erased = await send(c, '/v1/events', s.erasure.erased);
          expect([200, 201]).toContain(erased.status);
          acknowledged.add(s.erasure.erased.id);
          if (!killed) erasuresBeforeKill.add(s.externalId);
          requests++;
        } else {
          const ended = await send(c, '/v1/events', s.ended);
          expect([200, 201]).toContain(ended.status);
          acknowledged.add(s.ended!.id);
          requests++;
        }
      }
    };

    let takeoverMs = 0;
    let unprovenAtKill = 0;
    /** Of these subjects' erasures, how many have no proof in the log yet. */
    const unproven = async (externalIds: string[]): Promise<number> => {
      const ids = [...subjectIds].filter(([, name]) => externalIds.includes(name)).map(([id]) => `subject-${id}`);
      const pg = new Client({ connectionString: database.url });
      await pg.connect();
      try {
        const { rows } = await pg.query<{ n: string }>(
          "SELECT count(DISTINCT stream) AS n FROM events WHERE type = 'SubjectDataShredded' AND stream = ANY($1)",
          [ids],
        );
        return externalIds.length - Number(rows[0].n);
      } finally {
        await pg.end();
      }
    };
    const killer = (async () => {
      await eventually(async () => (requests >= total / 3 ? true : undefined), 'a third of the load', 120_000);
      expect(receivers[standby].received).toEqual([]);
      const killedAt = Date.now();
      killed = true;
      await ledgers[holder].kill('SIGKILL');
      unprovenAtKill = await unproven([...erasuresBeforeKill]);
      await eventually(async () => ((await leaseOf(ledgers[standby])) === 'held' ? true : undefined), 'the standby to take the lease over', 60_000);
      takeoverMs = Date.now() - killedAt;
    })();
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => clientRun(c)), killer]);
    // The figure for the report; the bound is generous on purpose (no timed assertion beyond it).
    console.log(
      `lease takeover after SIGKILL of the holder: ${takeoverMs} ms; erasures acknowledged before the kill: ${erasuresBeforeKill.size}, of which without proof at the kill: ${unprovenAtKill}`,
    );
    expect(takeoverMs).toBeLessThan(30_000);
    expect(erasuresBeforeKill.size).toBeGreaterThan(0);

    const survivor = ledgers[standby];
    const api = client(survivor.url, { ...survivor.auth, ...PURPOSE });
    const erasing = work.flat().filter((s) => s.erasure);
    const idOf = new Map([...subjectIds].map(([id, name]) => [name, id]));
    for (const s of erasing) {
      await eventually(
        async () => {
          const res = await api.get(`/v1/subjects/${idOf.get(s.externalId)}/erasure`);
          return res.body.state === 'shredded' ? true : undefined;
        },
        `${s.externalId} to be shredded`,
        60_000,
      );
    }

    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      // Every acknowledged fact is in the log exactly once (the unique id makes more than once impossible; this checks the once).
      const { rows } = await pg.query<{ id: string; n: string }>('SELECT id, count(*) AS n FROM events WHERE id = ANY($1) GROUP BY id', [[...acknowledged]]);
      expect(rows.length).toBe(acknowledged.size);
      expect(rows.every((r) => r.n === '1')).toBe(true);
      // Each erasure: one request, one proof, and no key left.
      for (const s of erasing) {
        const stream = `subject-${idOf.get(s.externalId)}`;
        const counts = await pg.query<{ type: string; n: string }>(
          "SELECT type, count(*) AS n FROM events WHERE stream = $1 AND type IN ('SubjectRequestReceived', 'SubjectDataShredded') GROUP BY type ORDER BY type",
          [stream],
        );
        expect(counts.rows).toEqual([
          { type: 'SubjectDataShredded', n: '1' },
          { type: 'SubjectRequestReceived', n: '1' },
        ]);
        const keys = await pg.query('SELECT key_group FROM vault_subject_keys WHERE subject_id = $1 AND wrapped IS NOT NULL', [idOf.get(s.externalId)]);
        expect(keys.rows).toEqual([]);
      }
    } finally {
      await pg.end();
    }
    // No proof-missing alarm on the survivor.
    const ready = await client(survivor.url, survivor.auth).get('/health/ready');
    expect(ready.body).toMatchObject({ status: 'ready', lease: 'held' });
    expect(ready.body.readModels.filter((m: { alarm?: string }) => m.alarm)).toEqual([]);

    const head = (
      await api.post(
        '/v1/events',
        fact('PersonalDataCollected', {
          subject: { system: 'crm', externalId: 'L17-last' },
          occurredAt: '2025-01-01T10:00:00Z',
          data: { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' },
          personal: { name: 'Last Lease Tester' },
        }),
      )
    ).body;
    subjectIds.set(head.subjectId, 'L17-last');
    expect((await api.get(`/v1/findings?minPosition=${head.position}`)).status).toBe(200);
    const multi = await findings(api, new Map([...subjectIds, ...scenarioNames]));
    // The survivor's outbox took over: it tells each finding open now (at least once: the old holder
    // may have told some already, under the same notification ids; findings that opened and closed
    // again before it caught up are folded past, not told).
    const open = ((await api.get('/v1/findings?limit=100')).body.findings as { id: string; status: string }[]).filter((f) => f.status === 'open');
    expect(open.length).toBeGreaterThan(0);
    const told = () =>
      new Set(
        receivers[standby].received
          .map((r) => JSON.parse(r.body) as { type: string; finding: { id: string } })
          .filter((n) => n.type === 'finding.opened')
          .map((n) => n.finding.id),
      );
    await eventually(async () => (open.every((f) => told().has(f.id)) ? true : undefined), 'the survivor to tell the open findings', 60_000);

    // The survivor's read models are a cache of the shared log: a rebuild from it gives the same.
    await survivor.kill('SIGTERM');
    const incremental = dumpProjections(dirs[standby]);
    expect(incremental.subject_profiles.length).toBe(CLIENTS * SUBJECTS_PER_CLIENT + 1 + new Set(scenarioNames.values()).size);
    const rebuilt = await runCli(['rebuild'], { ...shared, LEDGER_DATA_DIR: dirs[standby] });
    expect(rebuilt.code).toBe(0);
    expect(dumpProjections(dirs[standby])).toEqual(incremental);

    // One instance on the embedded store, the same facts in the same order per subject: the same findings.
    const single = await spawnLedger({ LEDGER_DATA_DIR: dirs[2], LEDGER_NOW: NOW, LEDGER_MASTER_KEY: randomBytes(32).toString('base64') });
    ledgers.push(single);
    const one = client(single.url, { ...single.auth, ...PURPOSE });
    const names = await postScenario(one);
    for (const s of [...work.flat()]) {
      const collected = await one.post('/v1/events', s.collected);
      names.set(collected.body.subjectId, s.externalId);
      if (s.erasure) {
        expect((await one.post(`/v1/subjects/${collected.body.subjectId}/erasure`, { requestId: s.erasure.requestId })).status).toBe(202);
        expect((await one.post('/v1/events', s.erasure.erased)).status).toBe(201);
      } else {
        expect((await one.post('/v1/events', s.ended)).status).toBe(201);
      }
    }
    for (const s of erasing) {
      const id = [...names].find(([, name]) => name === s.externalId)![0];
      await eventually(
        async () => ((await one.get(`/v1/subjects/${id}/erasure`)).body.state === 'shredded' ? true : undefined),
        `${s.externalId} shredded on the single instance`,
        60_000,
      );
    }
    const last = await one.post(
      '/v1/events',
      fact('PersonalDataCollected', {
        subject: { system: 'crm', externalId: 'L17-last' },
        occurredAt: '2025-01-01T10:00:00Z',
        data: { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' },
        personal: { name: 'Last Lease Tester' },
      }),
    );
    names.set(last.body.subjectId, 'L17-last');
    expect((await one.get(`/v1/findings?minPosition=${last.body.position}`)).status).toBe(200);
    expect(multi.length).toBeGreaterThan(0);
    console.log(`findings compared with a single instance's: ${multi.length}`);
    expect(await findings(one, names)).toEqual(multi);
  }, 600_000);
});
