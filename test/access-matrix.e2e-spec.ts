import { randomUUID } from 'node:crypto';
import type { Role } from '@ledger/access';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { RunningLedger, bearer, startLedger } from './support/ledger-server';
import { RouteKey, routeTable } from './support/route-table';

/** Who may call each route, besides admin keys (which may call everything). */
type Policy = 'public' | readonly Exclude<Role, 'admin'>[];

/**
 * The access policy of the HTTP contract (DESIGN.md). Every route the server answers must be
 * here; a route added without an entry fails this test until its access is decided.
 */
const POLICY: Record<string, Policy> = {
  'GET /health': 'public',
  // The status word for anyone; details for dpo and admin keys (test/hardening-19.e2e-spec.ts).
  'GET /health/ready': 'public',
  // Admin keys, or the scrape token LEDGER_METRICS_TOKEN (test/hardening-19.e2e-spec.ts).
  'GET /metrics': [],
  // The OpenAPI UI and document, whatever files it serves.
  'GET /docs*': 'public',
  'POST /v1/events': ['emitter', 'dpo'],
  'POST /v1/events/batch': ['emitter', 'dpo'],
  'GET /v1/subjects/:subjectId/events': ['dpo'],
  'GET /v1/audit/access': ['dpo'],
  'POST /v1/admin/keys': [],
  'GET /v1/admin/keys': [],
  'DELETE /v1/admin/keys/:keyId': [],
  'GET /v1/subjects': ['dpo'],
  'GET /v1/subjects/:subjectId/data-map': ['dpo'],
  'GET /v1/subjects/:subjectId/history': ['dpo'],
  'POST /v1/subjects/:subjectId/erasure': ['dpo'],
  'GET /v1/subjects/:subjectId/erasure': ['dpo'],
  'GET /v1/breaches': ['dpo'],
  'GET /v1/breaches/:breachId': ['dpo'],
  'GET /v1/breaches/:breachId/summary': ['dpo', 'regulator'],
  'GET /v1/findings': ['dpo'],
  'GET /v1/overview': ['dpo'],
  'GET /v1/records-of-processing': ['dpo', 'regulator'],
  'GET /v1/requests': ['dpo'],
  'GET /v1/subjects/:subjectId/access-report': ['dpo'],
  'GET /v1/recipients': ['dpo'],
  'GET /v1/ledger/digest': ['dpo', 'regulator'],
  'GET /v1/ledger/checkpoint': ['dpo', 'regulator'],
  'GET /v1/ledger/proofs/inclusion': ['dpo', 'regulator'],
  'GET /v1/ledger/proofs/consistency': ['dpo', 'regulator'],
  'GET /v1/subjects/:subjectId/erasure/receipt': ['dpo'],
  'GET /v1/keys/signing': ['dpo', 'regulator'],
  // Every key may ask who it is (the console shows only what its role may do).
  'GET /v1/me': ['emitter', 'dpo', 'regulator'],
  // The DPO console's files (the app holds no data; every call it makes needs a key), and / redirecting to it.
  'GET /': 'public',
  'GET /console': 'public',
  // /console/* as the route table prints it.
  'GET /console*': 'public',
};

const EMITTER_SYSTEM = 'crm';

/** Bodies that pass validation for every caller allowed to send them, so that only access decides. */
const BODIES: Record<string, () => unknown> = {
  'POST /v1/events': () => example('ConsentGiven', { subject: { system: EMITTER_SYSTEM, externalId: `C-${randomUUID()}` } }),
  'POST /v1/events/batch': () => ({ events: [example('ConsentGiven', { subject: { system: EMITTER_SYSTEM, externalId: `C-${randomUUID()}` } })] }),
  'POST /v1/admin/keys': () => ({ name: 'matrix', role: 'regulator' }),
};

const policyOf = (route: RouteKey): Policy | undefined =>
  POLICY[route] ?? Object.entries(POLICY).find(([key]) => key.endsWith('*') && route.startsWith(key.slice(0, -1)))?.[1];

/** A concrete path for a route pattern; unknown ids are fine, the guard decides before any lookup. */
const concrete = (path: string) =>
  path
    .replace(/:subjectId/g, randomUUID())
    .replace(/:keyId/g, '0000000000000000')
    .replace(/:[A-Za-z]+/g, 'x')
    .replace(/\*/g, 'x');

type Caller = 'anonymous' | Role;
const CALLERS: Caller[] = ['anonymous', 'emitter', 'dpo', 'regulator', 'admin'];

describe('access control: every role against every route', () => {
  let ledger: RunningLedger;
  let routes: RouteKey[];
  const headers: Record<Caller, Record<string, string>> = { anonymous: {} } as never;

  beforeAll(async () => {
    ledger = await startLedger();
    routes = routeTable(ledger.app);
    const admin = client(ledger.url, ledger.auth);
    headers.admin = ledger.auth;
    for (const [role, systems] of [['emitter', [EMITTER_SYSTEM]], ['dpo'], ['regulator']] as const) {
      const created = await admin.post('/v1/admin/keys', { name: `matrix ${role}`, role, ...(systems ? { systems } : {}) });
      expect(created.status).toBe(201);
      headers[role] = bearer(created.body.key);
    }
  });
  afterAll(() => ledger.close());

  it('finds the known routes in the route table', () => {
    for (const route of Object.keys(POLICY).filter((r) => !r.endsWith('*'))) {
      expect(routes).toContain(route);
    }
  });

  it('has a policy for every route the server answers', () => {
    expect(routes.filter((route) => policyOf(route) === undefined)).toEqual([]);
  });

  it('allows and denies each role exactly as the policy says', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const policy = policyOf(route)!;
      const [method, path] = route.split(' ');
      for (const caller of CALLERS) {
        const allowed = policy === 'public' || caller === 'admin' || (caller !== 'anonymous' && policy.includes(caller));
        const body = BODIES[route]?.() ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
        const res = await fetch(ledger.url + concrete(path), {
          method,
          headers: { ...headers[caller], 'x-purpose': 'access matrix test', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const denied = res.status === 401 || res.status === 403;
        const expected = allowed ? 'allow' : caller === 'anonymous' ? 401 : 403;
        const got = allowed ? (denied || res.status >= 500 ? res.status : 'allow') : res.status;
        if (got !== expected) mismatches.push(`${route} as ${caller}: expected ${expected}, got ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('lets an emitter append only for the systems on its key', async () => {
    const emitter = client(ledger.url, headers.emitter);
    const other = { subject: { system: 'billing', externalId: `C-${randomUUID()}` } };
    expect((await emitter.post('/v1/events', example('ConsentGiven', other))).status).toBe(403);
    expect((await emitter.post('/v1/events/batch', { events: [BODIES['POST /v1/events'](), example('ConsentGiven', other)] })).status).toBe(403);
    // The same facts are fine for the DPO.
    expect((await client(ledger.url, headers.dpo).post('/v1/events', example('ConsentGiven', other))).status).toBe(201);
  });

  it('answers a missing key with 401 and a WWW-Authenticate challenge', async () => {
    const res = await client(ledger.url).get('/v1/audit/access');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="privacy-ledger"');
    expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'an API key is required: Authorization: Bearer <api key>' });
  });

  it.each([
    ['an unknown key', 'Bearer plk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
    ['a bare key', 'plk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['an empty bearer', 'Bearer '],
  ])('answers %s with 401', async (_, authorization) => {
    const res = await client(ledger.url, { authorization }).get('/v1/audit/access');
    expect(res.status).toBe(401);
    expect(res.body.statusCode).toBe(401);
  });
});
