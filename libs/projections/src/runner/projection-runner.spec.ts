import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventStore, RecordedEvent, SqliteEventStore, Subscription, SubscriptionMessage, openSqlite } from '@ledger/event-store';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** Counts events per stream: a projection whose state shows any double application. */
class CountingProjection implements Projection {
  readonly name = 'counting';
  readonly version = 1;
  readonly tables = ['counts'];
  private bump!: Database.Statement;
  private db!: Database.Database;

  setup(db: Database.Database): void {
    this.db = db;
    db.exec('CREATE TABLE IF NOT EXISTS counts (stream TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    this.bump = db.prepare('INSERT INTO counts (stream, n) VALUES (?, 1) ON CONFLICT (stream) DO UPDATE SET n = n + 1');
  }

  apply(events: readonly RecordedEvent[]): void {
    for (const e of events) this.bump.run(e.streamId);
  }

  counts(): Record<string, number> {
    return Object.fromEntries((this.db.prepare('SELECT stream, n FROM counts').all() as { stream: string; n: number }[]).map((r) => [r.stream, r.n]));
  }
}

/** The store with each subscription's messages passed through `reshape`, as another transport might deliver them. */
const reshaped = (store: EventStore, reshape: (messages: AsyncIterable<SubscriptionMessage>) => AsyncIterable<SubscriptionMessage>): EventStore =>
  Object.assign(Object.create(store), {
    subscribeToAll(options: Parameters<EventStore['subscribeToAll']>[0]): Subscription {
      const inner = store.subscribeToAll(options);
      return { stop: () => inner.stop(), [Symbol.asyncIterator]: () => reshape(inner)[Symbol.asyncIterator]() };
    },
  });

/** Every event delivered twice, as an at-least-once transport may. */
const stuttering = (store: EventStore) =>
  reshaped(store, async function* (messages) {
    for await (const m of messages) {
      yield m;
      if (m.kind === 'event') yield m;
    }
  });

/** "Caught up" said once and never again, as EventStoreDB's subscription does. */
const caughtUpOnce = (store: EventStore) =>
  reshaped(store, async function* (messages) {
    let said = false;
    for await (const m of messages) {
      if (m.kind === 'caught-up') {
        if (said) continue;
        said = true;
      }
      yield m;
    }
  });

describe('ProjectionRunner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  const append = (stream: string, n: number) =>
    store.append(stream, Array.from({ length: n }, () => ({ id: randomUUID(), type: 'Counted', data: {} })));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-runner-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
    db = openSqlite(join(dir, 'projections.db'));
  });
  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds history and live events, and says how far it got', async () => {
    await append('a', 3);
    const projection = new CountingProjection();
    const runner = new ProjectionRunner(store, db, [projection]);
    runner.start();
    const live = await append('b', 2);
    expect(await runner.waitFor(['counting'], live.events[1].position.commit, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 3, b: 2 });
    expect(runner.status()).toEqual([{ name: 'counting', position: 5, caughtUp: true }]);
    await runner.stop();
  });

  it("shows a process's alarm in its status while the process raises it", () => {
    const projection = Object.assign(new CountingProjection(), { alarm: (): string | undefined => 'subject S: keys destroyed, proof not written' });
    const runner = new ProjectionRunner(store, db, [projection]);
    expect(runner.status()).toEqual([{ name: 'counting', position: 0, caughtUp: false, alarm: 'subject S: keys destroyed, proof not written' }]);
    projection.alarm = () => undefined;
    expect(runner.status()).toEqual([{ name: 'counting', position: 0, caughtUp: false }]);
  });

  it('applies an event delivered twice only once', async () => {
    await append('a', 4);
    const projection = new CountingProjection();
    const runner = new ProjectionRunner(stuttering(store), db, [projection]);
    runner.start();
    expect(await runner.waitFor(['counting'], 4, 5000)).toBe(true);
    await append('a', 1);
    expect(await runner.waitFor(['counting'], 5, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 5 });
    await runner.stop();
  });

  it('applies a live event at once even when the store does not say it caught up again', async () => {
    await append('a', 2);
    const projection = new CountingProjection();
    const runner = new ProjectionRunner(caughtUpOnce(store), db, [projection]);
    runner.start();
    expect(await runner.waitFor(['counting'], 2, 5000)).toBe(true);
    await append('b', 1);
    expect(await runner.waitFor(['counting'], 3, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 2, b: 1 });
    await runner.stop();
  });

  it('resumes from its stored checkpoint after a restart without applying anything again', async () => {
    await append('a', 3);
    const first = new ProjectionRunner(store, db, [new CountingProjection()]);
    first.start();
    await first.waitFor(['counting'], 3, 5000);
    await first.stop();
    await append('a', 2);
    const projection = new CountingProjection();
    const second = new ProjectionRunner(store, db, [projection]);
    second.start();
    expect(await second.waitFor(['counting'], 5, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 5 });
    await second.stop();
  });

  it('rebuilds from zero to the same state', async () => {
    await append('a', 3);
    await append('b', 1);
    const projection = new CountingProjection();
    const runner = new ProjectionRunner(store, db, [projection]);
    runner.start();
    await runner.waitFor(['counting'], 4, 5000);
    const incremental = projection.counts();
    await runner.stop();
    const progress: number[] = [];
    await runner.rebuild(['counting'], (_, commit) => progress.push(commit));
    expect(projection.counts()).toEqual(incremental);
    expect(progress.at(-1)).toBe(4);
  });

  it('rebuilds a projection whose version changed', async () => {
    await append('a', 2);
    const v1 = new CountingProjection();
    const runner = new ProjectionRunner(store, db, [v1]);
    runner.start();
    await runner.waitFor(['counting'], 2, 5000);
    await runner.stop();
    db.prepare("UPDATE counts SET n = 99 WHERE stream = 'a'").run();
    const v2 = Object.assign(new CountingProjection(), { version: 2 });
    const upgraded = new ProjectionRunner(store, db, [v2]);
    upgraded.start();
    expect(await upgraded.waitFor(['counting'], 2, 5000)).toBe(true);
    expect(v2.counts()).toEqual({ a: 2 });
    await upgraded.stop();
  });

  it('times out a wait for a position the log has not reached', async () => {
    const runner = new ProjectionRunner(store, db, [new CountingProjection()]);
    runner.start();
    expect(await runner.waitFor(['counting'], 10, 50)).toBe(false);
    await runner.stop();
  });
});
