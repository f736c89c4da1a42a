import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CONSOLE_DIST, ensureConsoleBuilt } from './support/console-build';
import { client } from './support/http';
import { RunningLedger, bearer, startLedger } from './support/ledger-server';

/**
 * How the ledger serves the DPO console at /console: its own strict CSP, the app's page for
 * every screen's URL, hashed assets cached for good and sent compressed, and GET /v1/me, which
 * tells the console who a key is.
 */
describe('the console, served by the ledger', () => {
  let ledger: RunningLedger;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    ledger = await startLedger();
  }, 300_000);
  afterAll(() => ledger.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(ledger.url + path, { headers, redirect: 'manual' });

  it('redirects / and /console to the console', async () => {
    for (const path of ['/', '/console']) {
      const res = await get(path);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/console/');
    }
  });

  it("answers every screen's URL with the app, under a CSP that allows its own origin and nothing more", async () => {
    for (const path of ['/console/', '/console/subjects/01900000-0000-7000-8000-000000000000', '/console/breaches/B-2026-01/summary']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<div id="root"></div>');
      const csp = res.headers.get('content-security-policy')!;
      const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
      expect(directives['default-src']).toEqual(["'none'"]);
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['style-src'][0]).toBe("'self'");
      expect(directives['style-src'].slice(1).every((s: string) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s))).toBe(true);
      expect(directives['connect-src']).toEqual(["'self'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-|https?:|\*|data:/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('builds a page with no inline script or style, and fonts as files', () => {
    const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
    expect(html.match(/<script\b[^>]*>/g)?.every((tag) => / src="\/console\/assets\/[^"]+\.js"/.test(tag))).toBe(true);
    expect(html).not.toMatch(/<style\b|\sstyle="|\son\w+="/);
    const assets = readdirSync(join(CONSOLE_DIST, 'assets'));
    expect(assets.some((name) => name.endsWith('.woff2'))).toBe(true);
    const css = readFileSync(
      join(
        CONSOLE_DIST,
        'assets',
        assets.find((n) => n.endsWith('.css'))!,
      ),
      'utf8',
    );
    expect(css).not.toMatch(/url\((?!\/console\/assets\/)/);
  });

  it('sends hashed assets compressed and cacheable for good, and a 404 for one that does not exist', async () => {
    const script = readdirSync(join(CONSOLE_DIST, 'assets')).find((name) => /^index-.*\.js$/.test(name))!;
    const res = await get(`/console/assets/${script}`, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    // fetch decodes the body; the bytes on the wire were the .gz beside the file.
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(readFileSync(join(CONSOLE_DIST, 'assets', `${script}.gz`))).equals(readFileSync(join(CONSOLE_DIST, 'assets', script)))).toBe(true);
    const missing = await get('/console/assets/index-nothere.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await get('/console/assets/../../package.json')).status).toBe(404);
  });

  it('leaves the API its own answers: JSON errors, and no console CSP', async () => {
    const res = await get('/v1/findings');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('tells each key who it is at GET /v1/me, emitters included, never its secret', async () => {
    const admin = client(ledger.url, ledger.auth);
    for (const [role, systems] of [['emitter', ['crm', 'billing']], ['dpo'], ['regulator']] as const) {
      const created = await admin.post('/v1/admin/keys', { name: `me ${role}`, role, ...(systems ? { systems } : {}) });
      const me = await client(ledger.url, bearer(created.body.key)).get('/v1/me');
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ keyId: created.body.id, name: `me ${role}`, role, systems: systems ? [...systems] : [] });
      expect(JSON.stringify(me.body)).not.toContain(created.body.key);
    }
    expect((await admin.get('/v1/me')).body).toMatchObject({ role: 'admin', name: 'bootstrap admin' });
    expect((await client(ledger.url).get('/v1/me')).status).toBe(401);
  });
});
