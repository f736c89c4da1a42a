import Database from 'better-sqlite3';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AnyFactInput, EVENT_STREAMS, FactRejection, LedgerClient, facts, subject } from '@privacy-ledger/client';
import { EMITTABLE_EVENT_TYPES } from '@ledger/domain';
import { VALID_EXAMPLES } from './fixtures/catalog-examples';
import { client as http } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

/** Issue 16: the client against the real ledger (in-process, real HTTP, real SQLite). */
describe('LedgerClient against the ledger', () => {
  let ledger: RunningLedger;
  const clients: LedgerClient[] = [];
  const open = (apiKey: string, options: Partial<ConstructorParameters<typeof LedgerClient>[0]> = {}) => {
    const c = new LedgerClient({ url: ledger.url, apiKey, ...options });
    clients.push(c);
    return c;
  };
  const emitterKey = async (systems: string[]) =>
    (await http(ledger.url, ledger.auth).post('/v1/admin/keys', { name: systems.join('+'), role: 'emitter', systems })).body.key as string;
  const adminKey = () => ledger.auth.authorization.slice('Bearer '.length);
  /** How often each id is in the log. */
  const timesStored = (ids: string[]) => {
    const db = new Database(join(ledger.dataDir, 'events.db'), { readonly: true });
    const count = db.prepare('SELECT COUNT(*) AS n FROM events WHERE id = ?');
    const times = ids.map((id) => (count.get(id) as { n: number }).n);
    db.close();
    return times;
  };

  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    for (const c of clients) await c.close({ timeoutMs: 1000 }).catch(() => undefined);
    await ledger.close();
  });

  it('knows every type an emitter may send, on its stream', () => {
    expect(Object.keys(EVENT_STREAMS).sort()).toEqual([...EMITTABLE_EVENT_TYPES].sort());
  });

  it('records one fact of every type, each stored once', async () => {
    const c = open(adminKey());
    const all = Object.entries(VALID_EXAMPLES).map(
      ([type, { ref, data, personal }]) => ({ type, ...ref, data, ...(personal ? { personal } : {}) }) as unknown as AnyFactInput,
    );
    const ids = (await c.recordMany(all)).map((r) => r.id);
    await c.flush();
    expect(c.status()).toMatchObject({ acknowledged: all.length, rejected: 0, duplicates: 0 });
    expect(timesStored(ids)).toEqual(ids.map(() => 1));
  });

  it("answers a fact recorded again with the same id with the ledger's 200 receipt, stored once", async () => {
    const key = await emitterKey(['billing']);
    const fact = facts.personalDataCollected({
      id: '3f0d9a52-7d5e-4c39-9d0a-5d8f2f7c0b11',
      occurredAt: '2025-03-01T10:00:00Z',
      subject: subject('billing', 'INV-7'),
      data: { categories: ['user.financial.bank_account'], purpose: 'invoicing', legalBasis: 'legal-obligation', source: 'data-subject', system: 'billing' },
      personal: { iban: 'NL91ABNA0417164300' },
    });
    const first = await open(key).recordAndWait(fact);
    // A job that ran again after a crash records the same fact: the ledger has it already.
    const again = await open(key).recordAndWait(fact);
    expect(first).toMatchObject({ id: fact.id, revision: 0, duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(timesStored([fact.id])).toEqual([1]);
  });

  it('retries a batch whose answer was lost with the same ids: the ledger answers 200 and stores each fact once', async () => {
    // A proxy that passes the first batch to the ledger and then cuts the connection instead of answering.
    let requests = 0;
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await fetch(`${ledger.url}${req.url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: req.headers.authorization! },
        body: Buffer.concat(chunks),
      });
      const body = await answer.text();
      if (++requests === 1) return void req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(body);
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    try {
      const c = new LedgerClient({
        url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        apiKey: await emitterKey(['shop']),
        system: 'shop',
        retry: { initialDelayMs: 10, maxDelayMs: 50 },
      });
      clients.push(c);
      const ids = (
        await c.recordMany([1, 2, 3].map((n) => ({ type: 'ConsentGiven', subject: c.subject(`S-${n}`), data: { purpose: 'newsletter' } }) as const))
      ).map((r) => r.id);
      await c.flush();
      expect(requests).toBe(2);
      expect(c.status()).toMatchObject({ acknowledged: 3, duplicates: 3, retries: 1, rejected: 0 });
      expect(timesStored(ids)).toEqual([1, 1, 1]);
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  it('sets aside what the ledger refuses, with its words, and stores the rest of the batch', async () => {
    const key = await emitterKey(['crm']);
    const rejections: FactRejection[] = [];
    const c = open(key, { system: 'crm', batch: { intervalMs: 60_000 }, onRejected: (r) => rejections.push(r) });
    const good = (n: number) => c.consentGiven({ subject: c.subject(`C-${n}`), data: { purpose: 'newsletter', consentRef: `ok-${n}` } });
    const [a, b] = [await good(1), await good(2)];
    // Types cannot know the ledger's category list or its emitter scopes:
    const unknownCategory = await c.personalDataCollected({
      subject: c.subject('C-3'),
      data: { categories: ['user.not_a_category'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
    });
    const otherSystem = await c.consentGiven({ subject: subject('erp', 'E-1'), data: { purpose: 'newsletter' } });
    const d = await good(4);
    await c.flush();

    expect(rejections.map((r) => r.id).sort()).toEqual([unknownCategory.id, otherSystem.id].sort());
    const byId = new Map(rejections.map((r) => [r.id, r.error]));
    expect(byId.get(otherSystem.id)).toMatchObject({ status: 403, ledgerMessage: "subject.system is not one of this key's systems" });
    // The ledger checks scope before content; once scope is fine, it names the category.
    const content = byId.get(unknownCategory.id)!;
    expect(content.status).toBe(400);
    expect(content.ledgerMessage).toBe('data.categories.0 is not a known data category (fideslang key) nor under the custom prefix');
    expect(content.details).toEqual([{ path: 'data.categories.0', message: 'is not a known data category (fideslang key) nor under the custom prefix' }]);
    expect(c.status()).toMatchObject({ acknowledged: 3, rejected: 2, pending: 0 });

    expect(timesStored([a.id, b.id, d.id, unknownCategory.id, otherSystem.id])).toEqual([1, 1, 1, 0, 0]);
  });
});
