import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { InProcessDigestBases } from './digest-basis';
import { FoldedStreamHeads } from './folded-stream-heads';
import { headsRoot } from './ledger-digest';
import { SqliteDigestBases } from './sqlite-digest-bases';

describe('digest bases from a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-digest-bases-'));
  let store: SqliteEventStore;
  const text = (basis: { headsJson: Uint8Array }) => Buffer.from(basis.headsJson).toString('utf8');

  beforeAll(async () => {
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
    for (let i = 0; i < 30; i++) await store.append(`subject-${i % 7}`, [{ id: `e${i}`, type: 'ConsentGiven', data: { i } }]);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are what folding the log on this thread gives, at every position, asked concurrently', async () => {
    const worker = new SqliteDigestBases(join(dir, 'events.db'));
    const folded = new InProcessDigestBases(new FoldedStreamHeads(store));
    try {
      const positions = Array.from({ length: 32 }, (_, p) => p);
      const [fromWorker, fromFold] = await Promise.all([
        Promise.all(positions.map((p) => worker.basisAt(p))),
        Promise.all(positions.map((p) => folded.basisAt(p))),
      ]);
      for (const p of positions) {
        expect({ ...fromWorker[p], headsJson: text(fromWorker[p]) }).toEqual({ ...fromFold[p], headsJson: text(fromFold[p]) });
        expect(fromWorker[p].root).toBe(headsRoot(JSON.parse(text(fromWorker[p]))));
      }
      expect(fromWorker[30]).toMatchObject({ position: 30, streams: 7 });
    } finally {
      await worker.close();
    }
  });

  it('fail with the reason when the worker cannot compute them, and start afresh on the next request', async () => {
    const missing = new SqliteDigestBases(join(dir, 'missing', 'events.db'));
    await expect(missing.basisAt(1)).rejects.toThrow(/unable to open database file|does not exist|directory does not exist/);
    await expect(missing.basisAt(1)).rejects.toThrow();
    await missing.close();
  });
});
