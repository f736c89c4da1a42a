import { LedgerClient, LedgerError, LedgerUnavailableError } from '../src';
import { consentFact } from './consent-facts';
import { recorded, refusal, ScriptedLedger, scriptedLedger } from './scripted-ledger';

const fastRetries = { initialDelayMs: 5, maxDelayMs: 20 };

describe('LedgerClient retries (against a local HTTP server)', () => {
  let ledger: ScriptedLedger;
  let client: LedgerClient | undefined;
  afterEach(async () => {
    await client?.close({ timeoutMs: 500 }).catch(() => undefined);
    await ledger.close();
  });

  it.each([
    ['503', () => refusal(503, 'Service Unavailable', 'the ledger is starting')],
    ['500', () => refusal(500, 'Internal Server Error', 'the ledger could not complete this request')],
    ['429 with Retry-After', () => ({ ...refusal(429, 'Too Many Requests', 'over the rate limit'), headers: { 'retry-after': '0' } })],
    ['a cut connection', () => 'drop' as const],
  ])('retries after %s with the same batch and ids, and the ledger gets each fact once', async (_name, failure) => {
    ledger = await scriptedLedger((batch, n) => (n <= 2 ? failure() : recorded(batch)));
    const retries: [string, number][] = [];
    client = new LedgerClient({
      url: ledger.url,
      apiKey: 'plk_test',
      retry: fastRetries,
      onRetry: (error, attempt) => retries.push([error.constructor.name, attempt]),
    });
    const ids = (await client.recordMany([1, 2, 3].map((n) => consentFact(n)))).map((r) => r.id);
    await client.flush();
    expect(ledger.batches).toHaveLength(3);
    for (const batch of ledger.batches) expect(batch.events).toEqual(ledger.batches[0].events);
    expect(ledger.batches[0].ids).toEqual(ids);
    expect(retries).toEqual([
      ['LedgerUnavailableError', 1],
      ['LedgerUnavailableError', 2],
    ]);
    expect(client.status()).toMatchObject({ pending: 0, acknowledged: 3, retries: 2, rejected: 0 });
    expect(client.status().lastFailure).toBeUndefined();
  });

  it('names the failure while the ledger is unavailable', async () => {
    ledger = await scriptedLedger(() => refusal(503, 'Service Unavailable', 'draining'));
    let seen: LedgerUnavailableError | undefined;
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', retry: fastRetries, onRetry: (error) => (seen = error) });
    await client.record(consentFact(1));
    await ledger.received(2);
    expect(seen?.status).toBe(503);
    expect(seen?.message).toBe('503 Service Unavailable: draining');
    expect(client.status().lastFailure).toBe('503 Service Unavailable: draining');
  });

  it('says the ledger cannot be reached when nothing listens', async () => {
    ledger = await scriptedLedger();
    const url = ledger.url;
    await ledger.close();
    let seen: LedgerUnavailableError | undefined;
    client = new LedgerClient({ url, apiKey: 'plk_test', retry: fastRetries, onRetry: (error) => (seen = error) });
    await client.record(consentFact(1));
    await expect(client.flush(200)).rejects.toThrow('1 facts were not acknowledged within 200 ms; the ledger is unavailable');
    expect(seen?.message).toBe(`the ledger at ${url} could not be reached: ECONNREFUSED`);
    ledger = await scriptedLedger(); // for afterEach
  });

  it('gives up after maxAttempts and rejects the facts with the last failure', async () => {
    ledger = await scriptedLedger(() => refusal(502, 'Bad Gateway', 'upstream down'));
    const rejected: LedgerError[] = [];
    client = new LedgerClient({
      url: ledger.url,
      apiKey: 'plk_test',
      retry: { ...fastRetries, maxAttempts: 3 },
      onRejected: (r) => rejected.push(r.error),
    });
    await client.record(consentFact(1));
    await client.flush();
    expect(ledger.batches).toHaveLength(3);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].status).toBe(502);
    expect(rejected[0].message).toContain('gave up after 3 attempts: 502 Bad Gateway: upstream down');
  });

  it('abandons a request in flight on close, and hands back what was not sent', async () => {
    ledger = await scriptedLedger(() => 'hold');
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', batch: { intervalMs: 0 } });
    const { id } = await client.record(consentFact(1));
    await ledger.received(1);
    const closing = client.close({ timeoutMs: 50 });
    await expect(closing).rejects.toMatchObject({ name: 'UnsentFactsError', facts: [expect.objectContaining({ id })] });
    client = undefined;
  });
});
