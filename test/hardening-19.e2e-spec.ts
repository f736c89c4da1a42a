import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { headsRoot } from '@ledger/event-store';
import { PublicSigningKey } from '@ledger/vault';
import { SWAGGER_UI_ASSETS } from '../apps/ledger/src/openapi/docs-assets';
import { example } from './fixtures/catalog-examples';
import { breachFact, detection } from './support/breach-facts';
import { eventually } from './support/eventually';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { spawnLedger } from './support/ledger-process';
import { RunningLedger, bearer, startLedger, tempDataDir } from './support/ledger-server';

/** Issue 19, point 9: what the server tells whom, what it serves, the files it makes, and the digest under load. */

const METRICS_TOKEN = `scrape-${'t'.repeat(40)}`;
const consent = () => example('ConsentGiven', { subject: { system: 'crm', externalId: `C-${randomUUID()}` } });

/** A metric's value in the Prometheus text format, e.g. value(text, 'ledger_projection_lag{projection="history"}'). */
const metric = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('liveness, readiness and metrics', () => {
  let ledger: RunningLedger;
  let admin: ReturnType<typeof client>;
  const keys: Record<'dpo' | 'regulator' | 'emitter', Record<string, string>> = {} as never;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_METRICS_TOKEN: METRICS_TOKEN });
    admin = client(ledger.url, ledger.auth);
    for (const role of ['dpo', 'regulator', 'emitter'] as const) {
      const created = await admin.post('/v1/admin/keys', { name: role, role, ...(role === 'emitter' ? { systems: ['crm'] } : {}) });
      keys[role] = bearer(created.body.key);
    }
  });
  afterAll(() => ledger.close());

  it('says only up or down at /health, to anyone, key or not', async () => {
    for (const headers of [{}, ledger.auth, keys.dpo]) {
      const res = await client(ledger.url, headers).get('/health');
      expect(res).toMatchObject({ status: 200, body: { status: 'up' } });
      expect(Object.keys(res.body)).toEqual(['status']);
    }
  });

  it('answers readiness with the status word alone, unless a dpo or admin key asks', async () => {
    const appended = await admin.post('/v1/events', consent());
    expect(appended.status).toBe(201);
    const details = await eventually(async () => {
      const res = await admin.get('/health/ready');
      return res.status === 200 && res.body.readModels.every((m: { lag: number }) => m.lag === 0) ? res.body : undefined;
    }, 'read models at the head');
    expect(details).toEqual({
      status: 'ready',
      eventStore: 'up',
      head: appended.body.position,
      readModels: ['subjects', 'history', 'breaches', 'recipients', 'processing-records', 'requests', 'erasure-process'].map((name) => ({
        name,
        position: appended.body.position,
        lag: 0,
        caughtUp: true,
        quarantined: 0,
        failures: [],
      })),
    });
    expect((await client(ledger.url, keys.dpo).get('/health/ready')).body).toEqual(details);
    // Anyone else, a bad key included, learns that it is ready, nothing more.
    for (const headers of [{}, keys.regulator, keys.emitter, bearer('plk_not-a-key'), bearer(METRICS_TOKEN)]) {
      expect(await client(ledger.url, headers).get('/health/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
      expect(Object.keys((await client(ledger.url, headers).get('/health/ready')).body)).toEqual(['status']);
    }
  });

  it('serves Prometheus metrics to an admin key and to the scrape token', async () => {
    const position = (await admin.post('/v1/events', consent())).body.position;
    await eventually(
      async () => ((await admin.get('/health/ready')).body.readModels.every((m: { position: number }) => m.position === position) ? true : undefined),
      'read models',
    );
    for (const authorization of [ledger.auth.authorization, `Bearer ${METRICS_TOKEN}`]) {
      const res = await fetch(`${ledger.url}/metrics`, { headers: { authorization } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      expect(metric(text, 'ledger_log_head_position')).toBe(position);
      expect(metric(text, 'ledger_ready')).toBe(1);
      expect(metric(text, 'ledger_event_store_up')).toBe(1);
      for (const projection of ['subjects', 'history', 'breaches', 'recipients', 'processing-records', 'requests']) {
        expect(metric(text, `ledger_projection_position{projection="${projection}"}`)).toBe(position);
        expect(metric(text, `ledger_projection_lag{projection="${projection}"}`)).toBe(0);
        expect(metric(text, `ledger_projection_error{projection="${projection}"}`)).toBe(0);
        expect(metric(text, `ledger_projection_rebuilding{projection="${projection}"}`)).toBe(0);
      }
      // The erasure process reads the same log beside them.
      expect(metric(text, 'ledger_projection_lag{projection="erasure-process"}')).toBe(0);
      expect(text).toMatch(/^# TYPE ledger_projection_lag gauge$/m);
      // Process metrics, from prom-client's defaults.
      expect(metric(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(metric(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    }
  });

  it('refuses metrics to other keys and to no key, and the scrape token everywhere else', async () => {
    expect((await client(ledger.url).get('/metrics')).status).toBe(401);
    expect((await client(ledger.url, bearer(`${METRICS_TOKEN}x`)).get('/metrics')).status).toBe(401);
    for (const role of ['dpo', 'regulator', 'emitter'] as const) expect((await client(ledger.url, keys[role]).get('/metrics')).status).toBe(403);
    const token = client(ledger.url, bearer(METRICS_TOKEN));
    for (const path of ['/v1/audit/access', '/v1/ledger/digest', '/v1/admin/keys']) {
      expect(await token.get(path)).toMatchObject({ status: 403, body: { message: 'the metrics scrape token is accepted by GET /metrics only' } });
    }
    expect((await token.post('/v1/events', consent())).status).toBe(403);
  });
});

describe('readiness while a read model fails', () => {
  let ledger: RunningLedger;

  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());

  it('is 503 (the word only, to anyone), shows the failing model and its lag to the DPO and in metrics; liveness stays up', async () => {
    const admin = client(ledger.url, ledger.auth);
    const first = await admin.post('/v1/events', consent());
    await eventually(
      async () => ((await admin.get('/health/ready')).body.readModels?.every((m: { lag: number }) => m.lag === 0) ? true : undefined),
      'caught up',
    );
    // The history read model's table vanishes behind the server's back: every later subject event fails it.
    const db = new Database(join(ledger.dataDir, 'projections.db'));
    db.exec('DROP TABLE subject_history');
    db.close();
    const second = await admin.post('/v1/events', consent());
    expect(second.status).toBe(201);

    const details = await eventually(async () => {
      const res = await admin.get('/health/ready');
      return res.status === 503 ? res.body : undefined;
    }, 'readiness to fail');
    expect(details).toMatchObject({ status: 'not-ready', eventStore: 'up', head: second.body.position });
    const history = details.readModels.find((m: { name: string }) => m.name === 'history');
    expect(history).toEqual({
      name: 'history',
      position: first.body.position,
      lag: second.body.position - first.body.position,
      caughtUp: true,
      error: expect.stringContaining('no such table: subject_history'),
      quarantined: 0,
      failures: [],
    });
    expect(details.readModels.filter((m: { error?: string }) => m.error)).toHaveLength(1);

    expect(await client(ledger.url).get('/health/ready')).toMatchObject({ status: 503, body: { status: 'not-ready' } });
    expect(Object.keys((await client(ledger.url).get('/health/ready')).body)).toEqual(['status']);
    expect(await client(ledger.url).get('/health')).toMatchObject({ status: 200, body: { status: 'up' } });

    const text = await (await fetch(`${ledger.url}/metrics`, { headers: ledger.auth })).text();
    expect(metric(text, 'ledger_ready')).toBe(0);
    expect(metric(text, 'ledger_projection_error{projection="history"}')).toBe(1);
    expect(metric(text, 'ledger_projection_error{projection="subjects"}')).toBe(0);
    expect(metric(text, 'ledger_projection_lag{projection="history"}')).toBe(second.body.position - first.body.position);
  });
});

describe('the OpenAPI UI and the Content-Security-Policy', () => {
  let ledger: RunningLedger;

  beforeAll(async () => {
    ledger = await startLedger({
      LEDGER_NOW: '2026-03-01T12:00:00Z',
      LEDGER_CONTROLLER_PROFILE: join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json'),
    });
  });
  afterAll(() => ledger.close());

  /** The stylesheet, scripts and icons the /docs page refers to, as paths. */
  const assetsOf = (html: string, base: string) =>
    [...html.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => new URL(m[1], `${ledger.url}${base}`).pathname).filter((p) => p.startsWith('/docs'));

  it('serves the page and every asset it loads', async () => {
    for (const page of ['/docs', '/docs/']) {
      const res = await fetch(ledger.url + page);
      expect(res.status).toBe(200);
      const html = await res.text();
      const assets = assetsOf(html, page);
      expect(assets.map((a) => a.replace('/docs/', '')).sort()).toEqual([...SWAGGER_UI_ASSETS, 'swagger-ui-init.js'].sort());
      for (const asset of assets) {
        const loaded = await fetch(ledger.url + asset);
        expect({ asset, status: loaded.status }).toEqual({ asset, status: 200 });
        expect(loaded.headers.get('content-type')).toMatch(/^(text\/css|application\/javascript|image\/png)/);
        expect((await loaded.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
      // No inline script: the page's policy allows scripts from this origin only.
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    }
  });

  it.each([
    'package.json',
    'README.md',
    'swagger-ui-bundle.js.map',
    'swagger-ui.css.map',
    'oauth2-redirect.html',
    'oauth2-redirect.js',
    'index.html.bak',
    'index.js',
    'absolute-path.js',
    'swagger-initializer.js',
    'swagger-ui-es-bundle.js',
    'LICENSE',
    'NOTICE',
    'log.bundle-sizes.swagger-ui.txt',
    '..%2fpackage.json',
  ])('answers /docs/%s with 404, in the JSON error format', async (file) => {
    for (const method of ['GET', 'HEAD']) {
      const res = await fetch(`${ledger.url}/docs/${file}`, { method });
      expect({ file, method, status: res.status }).toEqual({ file, method, status: 404 });
      if (method === 'GET') expect(await res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
  });

  it("gives the API default-src 'none' and frame-ancestors 'none', and allows 'unsafe-inline' nowhere but the docs page's styles", async () => {
    for (const path of ['/health', '/health/ready', '/v1/audit/access', '/v1/events', '/no-such-route', '/docs-json', '/docs-yaml']) {
      const res = await fetch(ledger.url + path, { headers: ledger.auth });
      expect({ path, csp: res.headers.get('content-security-policy') }).toEqual({
        path,
        csp: "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      });
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    for (const path of ['/docs', '/docs/', '/docs/swagger-ui-bundle.js', '/docs/package.json']) {
      const csp = (await fetch(ledger.url + path)).headers.get('content-security-policy')!;
      const directives = Object.fromEntries(csp.split(';').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
      expect(directives).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self' 'unsafe-inline'",
        'frame-ancestors': "'none'",
        'object-src': "'none'",
      });
      expect(Object.entries(directives).filter(([, v]) => v.includes('unsafe'))).toEqual([['style-src', "'self' 'unsafe-inline'"]]);
    }
  });

  it('lets the breach summary page use its own stylesheet, by hash, and nothing else', async () => {
    const admin = client(ledger.url, ledger.auth);
    await admin.post('/v1/events', detection('B-2026-19', '2026-02-27T08:00:00Z'));
    const last = await admin.post(
      '/v1/events',
      breachFact('B-2026-19', 'BreachAssessed', '2026-02-27T10:00:00Z', { risk: 'high', consequences: 'Phishing against the customers concerned.' }),
    );
    const res = await fetch(`${ledger.url}/v1/breaches/B-2026-19/summary?format=html&minPosition=${last.body.position}`, { headers: ledger.auth });
    expect(res.status).toBe(200);
    const html = await res.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    expect(res.headers.get('content-security-policy')).toBe(
      `default-src 'none'; style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    expect(html).not.toMatch(/<script|style="/);
  });

  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
  (chromium ? it : it.skip)('renders in a real browser (Debian chromium, headless) with no CSP violation', async () => {
    const child = spawn(
      chromium!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', '--virtual-time-budget=10000', '--dump-dom', `${ledger.url}/docs`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let dom = '';
    let log = '';
    child.stdout.on('data', (c) => (dom += c));
    child.stderr.on('data', (c) => (log += c));
    await new Promise((resolve) => child.on('close', resolve));
    // Swagger UI built the operations from the document: its scripts ran.
    expect(dom).toContain('data-path="/v1/events/batch"');
    expect(log.split('\n').filter((line) => /Content Security Policy|Refused to/.test(line))).toEqual([]);
  });
});

describe('data files under umask 022', () => {
  const dirs: string[] = [];
  let umask: number;
  beforeAll(() => {
    umask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(umask);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Every directory and file under `dir` (itself included) with its permission bits, e.g. "events.db-wal 600". */
  const modes = (dir: string, prefix = '.'): string[] => [
    `${prefix} ${(statSync(dir).mode & 0o777).toString(8)}`,
    ...readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? modes(path, `${prefix}/${name}`) : [`${prefix}/${name} ${(statSync(path).mode & 0o777).toString(8)}`];
    }),
  ];
  const allPrivate = (listing: string[]) => listing.filter((entry) => !/^\.( 700|\/\S+ 600)$/.test(entry) && !/^\.\/\S+\/? 700$/.test(entry));

  it('makes the data directory 0700 and every file in it 0600 (databases with their WAL and SHM, keys, log)', async () => {
    const dataDir = join(tempDataDir(), 'data');
    dirs.push(dataDir);
    const ledger = await spawnLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_LOG_FILE: join(dataDir, 'logs', 'ledger.log'), LEDGER_LOG_LEVEL: 'info' });
    try {
      const api = client(ledger.url, ledger.auth);
      const appended = await api.post('/v1/events', consent());
      expect(appended.status).toBe(201);
      expect((await api.get(`/v1/subjects/${appended.body.subjectId}/history`, { 'x-purpose': 'issue 19 file modes' })).status).toBe(200);
      const listing = modes(dataDir);
      for (const file of [
        'events.db',
        'events.db-wal',
        'events.db-shm',
        'vault.db',
        'vault.db-wal',
        'projections.db',
        'access.db',
        'access-audit.db',
        'master.key',
        'signing.key',
        'logs/ledger.log',
      ]) {
        expect(listing).toContain(`./${file} 600`);
      }
      expect(listing).toContain('. 700');
      expect(listing).toContain('./logs 700');
      expect(allPrivate(listing)).toEqual([]);
    } finally {
      await ledger.kill('SIGTERM');
    }
  });

  it('tightens a data directory an older version left 0755 with 0644 files', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const adminKey = `plk_${'a'.repeat(43)}`;
    const first = await spawnLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey });
    expect((await client(first.url, first.auth).post('/v1/events', consent())).status).toBe(201);
    await first.kill('SIGTERM');
    chmodSync(dataDir, 0o755);
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o644);
    writeFileSync(join(dataDir, 'events.db-wal'), '');
    chmodSync(join(dataDir, 'events.db-wal'), 0o644);
    const second = await spawnLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey });
    try {
      expect(allPrivate(modes(dataDir))).toEqual([]);
    } finally {
      await second.kill('SIGTERM');
    }
  });

  it('has the CLI create a fresh data directory 0700 with 0600 files', async () => {
    const dataDir = join(tempDataDir(), 'fresh');
    dirs.push(dataDir);
    const created = await runCli(['keys', 'create', '--name', 'crm', '--role', 'emitter', '--systems', 'crm'], { LEDGER_DATA_DIR: dataDir });
    expect(created.code).toBe(0);
    const listing = modes(dataDir);
    expect(listing).toContain('./access.db 600');
    expect(allPrivate(listing)).toEqual([]);
  });
});

describe('the digest under concurrent requests', () => {
  let ledger: RunningLedger;
  let regulatorKey: Record<string, string>;
  let regulator: ReturnType<typeof client>;
  const STREAMS = 3000;

  beforeAll(async () => {
    ledger = await startLedger();
    const admin = client(ledger.url, ledger.auth);
    regulatorKey = bearer((await admin.post('/v1/admin/keys', { name: 'regulator', role: 'regulator' })).body.key);
    regulator = client(ledger.url, regulatorKey);
    for (let i = 0; i < STREAMS / 1000; i++) {
      const batch = await admin.post('/v1/events/batch', { events: Array.from({ length: 1000 }, consent) });
      expect(batch.status).toBe(201);
    }
  });
  afterAll(() => ledger.close());

  it('answers ten concurrent requests with one identical digest that verifies, while /health answers every poll', async () => {
    let digesting = true;
    const health: number[] = [];
    const polling = (async () => {
      while (digesting) {
        const res = await client(ledger.url).get('/health');
        health.push(res.status);
        expect(res.body).toEqual({ status: 'up' });
      }
    })();
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const res = await fetch(`${ledger.url}/v1/ledger/digest`, { headers: regulatorKey });
        return { status: res.status, body: await res.text() };
      }),
    );
    digesting = false;
    await polling;

    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((status) => status === 200)).toBe(true);

    const signed = JSON.parse(answers[0].body);
    expect(signed.digest).toMatchObject({ position: STREAMS, streams: STREAMS });
    expect(headsRoot(signed.heads)).toBe(signed.digest.root);
    const key = PublicSigningKey.parse(JSON.stringify((await regulator.get('/v1/keys/signing')).body));
    expect(key.check(signed.digest, signed.signature)).toEqual({ valid: true });
    const files = tempDataDir();
    writeFileSync(join(files, 'digest.json'), answers[0].body);
    writeFileSync(join(files, 'key.pem'), key.pem);
    const verified = await runCli(['verify', '--digest', join(files, 'digest.json'), '--public-key', join(files, 'key.pem')], {
      LEDGER_DATA_DIR: ledger.dataDir,
    });
    rmSync(files, { recursive: true, force: true });
    expect(verified).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('INTACT: every hash chain holds, no position is missing, and everything the digest committed to is unchanged.'),
    });
    // Later requests for the position get the same digest, issuedAt included; without heads, the same statement.
    expect(await (await fetch(`${ledger.url}/v1/ledger/digest?position=${STREAMS}`, { headers: regulatorKey })).text()).toBe(answers[0].body);
    expect((await regulator.get('/v1/ledger/digest?heads=false')).body).toEqual({ digest: signed.digest, signature: signed.signature });
  });
});
