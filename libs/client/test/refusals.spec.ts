import { FactRejection, LedgerClient, LedgerError } from '../src';
import { consentFact, refOf } from './consent-facts';
import { recorded, refusal, ScriptedLedger, scriptedLedger } from './scripted-ledger';

describe('LedgerClient refusals (against a local HTTP server)', () => {
  let ledger: ScriptedLedger;
  let client: LedgerClient | undefined;
  afterEach(async () => {
    await client?.close({ timeoutMs: 500 }).catch(() => undefined);
    await ledger.close();
  });

  /** Plays the ledger's atomic batch: a 400 listing the items whose consentRef is "bad-…", else 201. */
  const atomicLedger = () =>
    scriptedLedger((batch) => {
      const bad = batch.events.flatMap((e, index) => (refOf(e)?.startsWith('bad') ? [index] : []));
      if (bad.length === 0) return recorded(batch);
      return refusal(
        400,
        'Bad Request',
        `${bad.length} invalid events: events[${bad[0]}].data.consentRef is refused`,
        bad.map((index) => ({ index, path: 'data.consentRef', message: 'is refused' })),
      );
    });

  it('sets aside the facts the ledger names in a refused batch, and sends the others again at once', async () => {
    ledger = await atomicLedger();
    const rejections: FactRejection[] = [];
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', batch: { intervalMs: 60_000 }, onRejected: (r) => rejections.push(r) });
    const facts = [consentFact(0), consentFact(1), consentFact(2), consentFact(3)];
    (facts[1].data as { consentRef: string }).consentRef = 'bad-1';
    (facts[3].data as { consentRef: string }).consentRef = 'bad-3';
    const ids = (await client.recordMany(facts)).map((r) => r.id);
    await client.flush();

    expect(ledger.batches.map((b) => b.ids)).toEqual([ids, [ids[0], ids[2]]]);
    expect(rejections.map((r) => r.id)).toEqual([ids[1], ids[3]]);
    const [first] = rejections;
    expect(first.error).toBeInstanceOf(LedgerError);
    expect(first.error.status).toBe(400);
    expect(first.error.message).toBe('400 Bad Request: data.consentRef is refused');
    expect(first.error.details).toEqual([{ path: 'data.consentRef', message: 'is refused' }]);
    expect(first.fact).toMatchObject({ id: ids[1], type: 'ConsentGiven', data: { consentRef: 'bad-1' } });
    expect(client.rejected().map((r) => r.id)).toEqual([ids[1], ids[3]]);
    expect(client.status()).toMatchObject({ pending: 0, acknowledged: 2, rejected: 2 });
  });

  it("rejects recordAndWait with the ledger's problem for that fact", async () => {
    ledger = await atomicLedger();
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test' });
    const bad = consentFact(5);
    (bad.data as { consentRef: string }).consentRef = 'bad-5';
    await expect(client.recordAndWait(bad)).rejects.toMatchObject({ status: 400, ledgerMessage: 'data.consentRef is refused' });
    expect(ledger.batches).toHaveLength(1);
  });

  it("does not retry a 401: every fact of the batch is rejected with the ledger's words, and can be sent again later", async () => {
    let keyFixed = false;
    ledger = await scriptedLedger((batch) => (keyFixed ? recorded(batch) : refusal(401, 'Unauthorized', 'this API key is revoked')));
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_revoked' });
    await client.recordMany([consentFact(1), consentFact(2)]);
    await client.flush();
    expect(ledger.batches).toHaveLength(1);
    const rejected = client.rejected();
    expect(rejected.map((r) => [r.error.status, r.error.message])).toEqual([
      [401, '401 Unauthorized: this API key is revoked'],
      [401, '401 Unauthorized: this API key is revoked'],
    ]);

    keyFixed = true;
    expect(await client.requeueRejected()).toBe(2);
    await client.flush();
    expect(ledger.batches[1].ids).toEqual(rejected.map((r) => r.id));
    expect(client.rejected()).toEqual([]);
  });

  it('rejects the one fact a 409 names (its id was used for other content) and sends the others', async () => {
    ledger = await scriptedLedger((batch, n) =>
      n === 1 ? refusal(409, 'Conflict', `event ${batch.ids[1]} was recorded before with different content`, { id: batch.ids[1], index: 1 }) : recorded(batch),
    );
    const rejections: FactRejection[] = [];
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', onRejected: (r) => rejections.push(r) });
    const ids = (await client.recordMany([consentFact(1), consentFact(2), consentFact(3)])).map((r) => r.id);
    await client.flush();
    expect(rejections.map((r) => [r.id, r.error.status, r.error.ledgerMessage])).toEqual([
      [ids[1], 409, `event ${ids[1]} was recorded before with different content`],
    ]);
    expect(ledger.batches[1].ids).toEqual([ids[0], ids[2]]);
  });

  it('halves a batch the ledger finds too large, and rejects a single fact that is', async () => {
    ledger = await scriptedLedger((batch) =>
      batch.events.length > 2 || batch.events.some((e) => refOf(e) === 'huge') ? refusal(413, 'Payload Too Large', 'body too large') : recorded(batch),
    );
    const rejections: FactRejection[] = [];
    client = new LedgerClient({ url: ledger.url, apiKey: 'plk_test', batch: { intervalMs: 60_000 }, onRejected: (r) => rejections.push(r) });
    const huge = consentFact(9);
    (huge.data as { consentRef: string }).consentRef = 'huge';
    await client.recordMany([consentFact(1), consentFact(2), consentFact(3), consentFact(4), huge]);
    await client.flush();
    const sent = ledger.batches.filter((b) => b.events.length <= 2 && !b.events.some((e) => refOf(e) === 'huge'));
    expect(sent.flatMap((b) => b.events.map(refOf))).toEqual(['ref-1', 'ref-2', 'ref-3', 'ref-4']);
    expect(rejections.map((r) => [refOf(r.fact as never), r.error.status])).toEqual([['huge', 413]]);
  });

  it('keeps a throwing onRejected from stopping the client', async () => {
    ledger = await atomicLedger();
    client = new LedgerClient({
      url: ledger.url,
      apiKey: 'plk_test',
      onRejected: () => {
        throw new Error('boom');
      },
    });
    const bad = consentFact(1);
    (bad.data as { consentRef: string }).consentRef = 'bad';
    await client.recordMany([bad, consentFact(2)]);
    await client.flush();
    await client.record(consentFact(3));
    await client.flush();
    expect(client.status()).toMatchObject({ acknowledged: 2, rejected: 1, pending: 0 });
  });
});
