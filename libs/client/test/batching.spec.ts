import { LedgerClient } from '../src';
import { consentFact, refOf } from './consent-facts';
import { ScriptedLedger, scriptedLedger } from './scripted-ledger';

describe('LedgerClient batching (against a local HTTP server)', () => {
  let ledger: ScriptedLedger;
  let client: LedgerClient | undefined;
  afterEach(async () => {
    await client?.close({ timeoutMs: 1000 }).catch(() => undefined);
    await ledger.close();
  });

  it('sends full batches of maxSize, in the order recorded, and the rest on flush', async () => {
    ledger = await scriptedLedger();
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', batch: { maxSize: 3, intervalMs: 60_000 } });
    for (let n = 0; n < 7; n++) await client.record(consentFact(n));
    await ledger.received(2);
    expect(ledger.batches.map((b) => b.events.map(refOf))).toEqual([
      ['ref-0', 'ref-1', 'ref-2'],
      ['ref-3', 'ref-4', 'ref-5'],
    ]);
    await client.flush();
    expect(ledger.batches.map((b) => b.events.length)).toEqual([3, 3, 1]);
    expect(ledger.batches[2].events.map(refOf)).toEqual(['ref-6']);
    expect(client.status()).toMatchObject({ pending: 0, recorded: 7, acknowledged: 7, rejected: 0 });
  });

  it('sends a batch that is not full once its oldest fact has waited the interval', async () => {
    ledger = await scriptedLedger();
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', batch: { maxSize: 100, intervalMs: 30 } });
    await client.recordMany([consentFact(1), consentFact(2)]);
    await ledger.received(1);
    expect(ledger.batches[0].events.map(refOf)).toEqual(['ref-1', 'ref-2']);
  });

  it('keeps a batch under maxBytes', async () => {
    ledger = await scriptedLedger();
    const one = Buffer.byteLength(JSON.stringify({ ...consentFact(10), id: '00000000-0000-4000-8000-000000000000', occurredAt: new Date().toISOString() }));
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', batch: { maxSize: 100, maxBytes: one * 2 + 10, intervalMs: 60_000 } });
    await client.recordMany([10, 11, 12, 13, 14].map((n) => consentFact(n)));
    await client.flush();
    expect(ledger.batches.map((b) => b.events.length)).toEqual([2, 2, 1]);
  });

  it('posts the envelope the ledger takes, with the key, to /v1/events/batch', async () => {
    ledger = await scriptedLedger();
    client = new LedgerClient({ url: `${ledger.url}/`, apiKey: 'plk_secret', system: 'crm', batch: { intervalMs: 0 } });
    const id = '0b6f3c1e-5d1b-4a53-9d39-2a6f0f5f8a10';
    await client.personalDataCollected({
      id,
      occurredAt: new Date('2024-03-01T10:00:00Z'),
      subject: client.subject('C-1001'),
      data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
      personal: { email: 'jan@example.nl' },
    });
    await client.flush();
    const [batch] = ledger.batches;
    expect(batch.path).toBe('/v1/events/batch');
    expect(batch.headers.authorization).toBe('Bearer plk_secret');
    expect(batch.headers['content-type']).toBe('application/json');
    expect(batch.events).toEqual([
      {
        id,
        type: 'PersonalDataCollected',
        occurredAt: '2024-03-01T10:00:00.000Z',
        subject: { system: 'crm', externalId: 'C-1001' },
        data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
        personal: { email: 'jan@example.nl' },
      },
    ]);
  });

  it("makes a UUID per fact, takes the caller's, and sends a fact recorded twice with one id once", async () => {
    ledger = await scriptedLedger();
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', batch: { intervalMs: 60_000 } });
    const made = await client.record(consentFact(1));
    expect(made.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const id = '7d0c2f36-2f64-4c1e-9a55-0a4a8f1f0c11';
    const fact = { ...consentFact(2), id, occurredAt: '2025-01-01T00:00:00Z' };
    expect(await client.record(fact)).toEqual({ id });
    expect(await client.record(fact)).toEqual({ id });
    await expect(client.record({ ...fact, occurredAt: '2025-01-02T00:00:00Z' })).rejects.toThrow(
      `a fact with id ${id} is already waiting to be sent, with other content`,
    );
    await expect(client.record({ ...consentFact(3), id: 'not-a-uuid' })).rejects.toThrow('must be a UUID');
    await client.flush();
    expect(ledger.batches.flatMap((b) => b.ids)).toEqual([made.id, id]);
  });

  it("answers recordAndWait with the ledger's receipt, without waiting for the interval", async () => {
    ledger = await scriptedLedger();
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', batch: { intervalMs: 60_000 } });
    const receipt = await client.recordAndWait(consentFact(1));
    expect(receipt).toEqual({ id: ledger.batches[0].ids[0], stream: 'subject-0', revision: 0, position: 1, duplicate: false });
  });
});
