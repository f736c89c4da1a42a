import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../port/recorded-event';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { FoldedStreamHeads } from './folded-stream-heads';
import { SqliteStreamHeads } from './sqlite-stream-heads';

describe('stream heads as of a position', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-heads-'));
  let store: SqliteEventStore;
  let log: RecordedEvent[];

  beforeAll(async () => {
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
    // 64 events over 6 streams, interleaved, so heads move at different times.
    const streams = ['subject-b', 'breach-B-1', 'subject-a', 'recipient-cpanel', 'subject-c', 'activity-hosting'];
    for (let i = 0; i < 64; i++) {
      const stream = streams[(i * 5 + (i >> 3)) % streams.length];
      await store.append(stream, [{ id: `e${i}`, type: 'ConsentGiven', data: { i } }]);
    }
    log = [];
    for await (const event of store.readAll()) log.push(event);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The definition: for each stream, its highest revision at or before the position. */
  const expected = (position: number) => {
    const heads = new Map<string, { stream: string; revision: number; hash: string }>();
    for (const e of log.filter((e) => e.position.commit <= position)) heads.set(e.streamId, { stream: e.streamId, revision: e.revision, hash: e.hash });
    return [...heads.values()].sort((a, b) => (a.stream < b.stream ? -1 : 1));
  };

  it('are the same from SQL and from folding the log, at every position (and past the end)', async () => {
    const sql = new SqliteStreamHeads(store.database);
    const folded = new FoldedStreamHeads(store);
    for (let position = 0; position <= log.length + 1; position++) {
      const want = expected(position);
      expect(await sql.asOf(position)).toEqual(want);
      expect(await folded.asOf(position)).toEqual(want);
    }
  });

  it('are sorted by stream id', async () => {
    const streams = (await new SqliteStreamHeads(store.database).asOf(log.length)).map((h) => h.stream);
    expect(streams).toEqual(['activity-hosting', 'breach-B-1', 'recipient-cpanel', 'subject-a', 'subject-b', 'subject-c']);
  });
});
