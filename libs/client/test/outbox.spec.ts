import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerClient } from '../src';
import { consentFact, refOf } from './consent-facts';
import { recorded, refusal, ScriptedLedger, scriptedLedger } from './scripted-ledger';

describe('LedgerClient with a durable outbox (SQLite file, local HTTP server)', () => {
  let dir: string;
  let outbox: string;
  const servers: ScriptedLedger[] = [];
  const clients: LedgerClient[] = [];
  const server = async (...args: Parameters<typeof scriptedLedger>) => {
    const s = await scriptedLedger(...args);
    servers.push(s);
    return s;
  };
  const client = (url: string, options: Partial<ConstructorParameters<typeof LedgerClient>[0]> = {}) => {
    const c = new LedgerClient({ url, apiKey: 'plk_test', outbox, retry: { initialDelayMs: 5, maxDelayMs: 20 }, ...options });
    clients.push(c);
    return c;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-outbox-'));
    outbox = join(dir, 'sub', 'outbox.db');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close({ timeoutMs: 100 }).catch(() => undefined);
    for (const s of servers.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what the ledger did not take across close, and the next client on the file sends it, in order, with the same ids', async () => {
    const down = await server(() => refusal(503, 'Service Unavailable', 'down'));
    const first = client(down.url, { batch: { maxSize: 2, intervalMs: 0 } });
    const ids = (await first.recordMany([1, 2, 3, 4, 5].map((n) => consentFact(n)))).map((r) => r.id);
    await down.received(2);
    await first.close({ timeoutMs: 20 }); // resolves: the outbox keeps them
    expect(first.status()).toMatchObject({ pending: 5, acknowledged: 0 });

    const up = await server();
    const second = client(up.url, { batch: { maxSize: 2, intervalMs: 60_000 } });
    expect(second.status().pending).toBe(5);
    await second.flush();
    expect(up.batches.map((b) => b.events.map(refOf))).toEqual([['ref-1', 'ref-2'], ['ref-3', 'ref-4'], ['ref-5']]);
    expect(up.batches.flatMap((b) => b.ids)).toEqual(ids);
    expect(second.status()).toMatchObject({ pending: 0, acknowledged: 5 });
  });

  it('is used by one client at a time', async () => {
    const up = await server();
    client(up.url);
    expect(() => client(up.url)).toThrow(`the outbox ${outbox} is in use by another ledger client (one client per outbox file)`);
  });

  it("keeps refused facts, with the ledger's answer, across restarts until they are cleared", async () => {
    const ledger = await server((batch) =>
      batch.events.some((e) => refOf(e) === 'bad')
        ? refusal(400, 'Bad Request', '1 invalid event: events[0].data.consentRef is refused', [
            { index: batch.events.findIndex((e) => refOf(e) === 'bad'), path: 'data.consentRef', message: 'is refused' },
          ])
        : recorded(batch),
    );
    const first = client(ledger.url);
    const bad = consentFact(1);
    (bad.data as { consentRef: string }).consentRef = 'bad';
    const [{ id }] = await first.recordMany([bad, consentFact(2)]);
    await first.flush();
    await first.close();

    const second = client(ledger.url);
    const [kept] = second.rejected();
    expect(kept).toMatchObject({ id, fact: { id, type: 'ConsentGiven', data: { consentRef: 'bad' } } });
    expect(kept.error).toMatchObject({
      status: 400,
      error: 'Bad Request',
      ledgerMessage: 'data.consentRef is refused',
      details: [{ path: 'data.consentRef', message: 'is refused' }],
    });
    expect(second.clearRejected()).toBe(1);
    expect(second.rejected()).toEqual([]);
  });

  it('leaves no personal value of a sent fact in its files', async () => {
    const ledger = await server();
    const c = client(ledger.url);
    const email = 'outbox-secret-4711@example.nl';
    await c.personalDataCollected({
      subject: { system: 'crm', externalId: 'C-4711' },
      data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
      personal: { email },
    });
    await c.flush();
    await c.close();
    const files = readdirSync(join(dir, 'sub'));
    expect(files).toContain('outbox.db');
    for (const file of files) expect(readFileSync(join(dir, 'sub', file)).includes(email)).toBe(false);
  });

  it('holds a fact on disk when record() resolves (before anything is sent)', async () => {
    const ledger = await server();
    const c = client(ledger.url, { batch: { intervalMs: 60_000 } });
    const email = 'on-disk-0815@example.nl';
    await c.personalDataCollected({
      subject: { system: 'crm', externalId: 'C-0815' },
      data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
      personal: { email },
    });
    const onDisk = readdirSync(join(dir, 'sub')).some((file) => readFileSync(join(dir, 'sub', file)).includes(email));
    expect(onDisk).toBe(true);
    expect(ledger.batches).toHaveLength(0);
  });
});
