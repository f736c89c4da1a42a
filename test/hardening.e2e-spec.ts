import { client } from './support/http';
import { RunningLedger, bearer, startLedger } from './support/ledger-server';
import { RawResponse, sendRaw } from './support/raw-http';

/** The one error format: these keys and nothing else, never a stack or an internal code. */
function expectErrorFormat(res: RawResponse | undefined, status: number): void {
  expect(res?.status).toBe(status);
  const body = JSON.parse(res!.body);
  expect(body).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String), ...(body.details ? { details: body.details } : {}) });
  expect(res!.body).not.toMatch(/stack|node_modules|\.ts:\d|FST_|at [A-Za-z]+ \(/);
}

describe('hardening', () => {
  let ledger: RunningLedger;
  let port: number;
  let auth: [string, string][];

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_BODY_LIMIT: '4096' });
    port = Number(new URL(ledger.url).port);
    auth = Object.entries(ledger.auth);
  });
  afterAll(() => ledger.close());

  it('sends security headers on answers and errors, and forbids caching', async () => {
    for (const path of ['/health', '/v1/audit/access', '/no-such-route']) {
      const res = await fetch(ledger.url + path);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it.each<[string, Parameters<typeof sendRaw>[1], number]>([
    ['an unknown route', { method: 'GET', path: '/v1/nothing' }, 404],
    ['a known route with another method', { method: 'PUT', path: '/v1/events' }, 404],
    ['a body that is not JSON', { method: 'POST', path: '/v1/events', headers: [['Content-Type', 'text/plain']], body: 'hello' }, 415],
    ['a form body', { method: 'POST', path: '/v1/events', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'a=1' }, 415],
    ['a body without a content type', { method: 'POST', path: '/v1/events', body: '{}' }, 415],
    [
      'a body over the limit',
      {
        method: 'POST',
        path: '/v1/events',
        headers: [
          ['Content-Type', 'application/json'],
          ['Content-Length', '4097'],
        ],
      },
      413,
    ],
    ['broken JSON', { method: 'POST', path: '/v1/events', headers: [['Content-Type', 'application/json']], body: '{"id": ' }, 400],
    ['a __proto__ key', { method: 'POST', path: '/v1/events', headers: [['Content-Type', 'application/json']], body: '{"__proto__": {"a": 1}}' }, 400],
    [
      'a constructor.prototype key',
      { method: 'POST', path: '/v1/events', headers: [['Content-Type', 'application/json']], body: '{"constructor": {"prototype": {"a": 1}}}' },
      400,
    ],
    ['a broken percent-encoding', { method: 'GET', path: '/v1/subjects/%zz/events' }, 400],
    ['an over-long path parameter', { method: 'GET', path: `/v1/subjects/${'a'.repeat(200)}/events` }, 414],
    [
      'an unsupported Expect',
      {
        method: 'POST',
        path: '/v1/events',
        headers: [
          ['Expect', 'teapot'],
          ['Content-Type', 'application/json'],
        ],
        body: '{}',
      },
      417,
    ],
    [
      'conflicting framing',
      {
        method: 'POST',
        path: '/v1/events',
        headers: [
          ['Content-Length', '2'],
          ['Transfer-Encoding', 'chunked'],
        ],
        body: '0\r\n\r\n',
      },
      400,
    ],
    ['headers over 16 KiB', { method: 'GET', path: '/health', headers: [['X-Big', 'a'.repeat(20_000)]] }, 431],
  ])('answers %s in the JSON error format', async (_, request, status) => {
    const withAuth = request as { headers?: [string, string][] };
    const res = await sendRaw(port, { ...(request as object), headers: [...auth, ...(withAuth.headers ?? [])] } as never);
    expectErrorFormat(res, status);
  });
});

describe('rate limits', () => {
  let ledger: RunningLedger;
  let admin: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_RATE_LIMIT: '20', LEDGER_RATE_LIMIT_WINDOW_SECONDS: '3600' });
    admin = client(ledger.url, ledger.auth);
  });
  afterAll(() => ledger.close());

  it('limits each key on its own, across routes, with a 429 in the error format and Retry-After', async () => {
    const dpo = client(ledger.url, bearer((await admin.post('/v1/admin/keys', { name: 'dpo', role: 'dpo' })).body.key));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await dpo.get('/v1/audit/access')).status, (await dpo.get('/health')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    const limited = await dpo.get('/v1/audit/access');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('at most 20 requests per 3600 s') });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another key is not affected.
    expect((await admin.get('/v1/admin/keys')).status).toBe(200);
  });

  it('limits requests without a valid key by client address, before refusing them', async () => {
    const anonymous = client(ledger.url, { authorization: 'Bearer not-a-key' });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await anonymous.get('/v1/audit/access')).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
