import { LedgerBackpressureError, LedgerClient, LedgerClientClosedError } from '../src';
import { consentFact, refOf } from './consent-facts';
import { recorded, refusal, ScriptedLedger, scriptedLedger } from './scripted-ledger';

describe('LedgerClient backpressure (against a local HTTP server)', () => {
  let ledger: ScriptedLedger;
  let client: LedgerClient | undefined;
  afterEach(async () => {
    await client?.close({ timeoutMs: 200 }).catch(() => undefined);
    await ledger.close();
  });

  it('makes record() wait while maxPending facts are unsent, and lets it in, in order, as the ledger takes them', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    ledger = await scriptedLedger(async (batch, n) => {
      if (n === 1) await gate;
      return recorded(batch);
    });
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', maxPending: 2, batch: { maxSize: 2, intervalMs: 0 } });
    await client.record(consentFact(1));
    await ledger.received(1); // held at the gate
    await client.record(consentFact(2));
    let admitted = false;
    const third = client.record(consentFact(3)).then(() => (admitted = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(admitted).toBe(false);
    expect(client.status().pending).toBe(2);
    open();
    await third;
    await client.flush();
    expect(ledger.batches.flatMap((b) => b.events.map(refOf))).toEqual(['ref-1', 'ref-2', 'ref-3']);
    expect(client.status()).toMatchObject({ pending: 0, acknowledged: 3 });
  });

  it('rejects record() with LedgerBackpressureError naming the outage when no room comes in time', async () => {
    ledger = await scriptedLedger(() => refusal(503, 'Service Unavailable', 'the ledger is restarting'));
    client = new LedgerClient({
      url: ledger.url,
      apiKey: 'plk_test',
      maxPending: 2,
      backpressureTimeoutMs: 100,
      batch: { intervalMs: 0 },
      retry: { initialDelayMs: 5, maxDelayMs: 10 },
    });
    await client.recordMany([consentFact(1), consentFact(2)]);
    await ledger.received(1);
    const error = await client.record(consentFact(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerBackpressureError);
    expect((error as Error).message).toBe(
      'the ledger client holds 2 unsent facts (maxPending 2) and found no room in 100 ms; the ledger is unavailable: 503 Service Unavailable: the ledger is restarting',
    );
    await expect(client.recordMany([1, 2, 3].map((n) => consentFact(n)))).rejects.toThrow('3 facts at once exceed maxPending (2)');
    const closing = client.close({ timeoutMs: 50 });
    await expect(closing).rejects.toMatchObject({ name: 'UnsentFactsError' });
    const unsent = ((await closing.catch((e: { facts: never[] }) => e)) as { facts: { data: { consentRef: string } }[] }).facts;
    expect(unsent.map(refOf)).toEqual(['ref-1', 'ref-2']);
    await expect(client.record(consentFact(4))).rejects.toBeInstanceOf(LedgerClientClosedError);
    client = undefined;
  });
});
