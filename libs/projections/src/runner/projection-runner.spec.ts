import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventStore, RecordedEvent, SqliteEventStore, Subscription, SubscriptionMessage, openSqlite } from '@ledger/event-store';
import type { Projection } from './projection';
import { ProjectionRunner, ProjectionRunnerOptions } from './projection-runner';

/** Counts events per stream: a projection whose state shows any double application. */
class CountingProjection implements Projection {
  readonly version: number = 1;
  readonly tables: string[];
  private bump!: Database.Statement;
  private db!: Database.Database;

  constructor(
    readonly name = 'counting',
    private readonly table = 'counts',
  ) {
    this.tables = [table];
  }

  setup(db: Database.Database): void {
    this.db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS ${this.table} (stream TEXT PRIMARY KEY, n INTEGER NOT NULL)`);
    this.bump = db.prepare(`INSERT INTO ${this.table} (stream, n) VALUES (?, 1) ON CONFLICT (stream) DO UPDATE SET n = n + 1`);
  }

  apply(events: readonly RecordedEvent[]): void {
    for (const e of events) this.bump.run(e.streamId);
  }

  counts(): Record<string, number> {
    return Object.fromEntries((this.db.prepare(`SELECT stream, n FROM ${this.table}`).all() as { stream: string; n: number }[]).map((r) => [r.stream, r.n]));
  }
}

/** Counts like CountingProjection, but cannot fold an event marked `poison`, and finds the database busy `busy` times. */
class FragileProjection extends CountingProjection {
  busy = 0;

  override apply(events: readonly RecordedEvent[]): void {
    super.apply(events);
    for (const e of events) {
      if (e.data.poison) throw new TypeError(`cannot fold ${e.id}`);
      if (e.data.busy && this.busy > 0) {
        this.busy -= 1;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      }
    }
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

describe.each([
  ['one transaction per batch', {}],
  ['a transaction and a turn per projection', { turnPerProjection: true }],
])('ProjectionRunner (%s)', (_, mode: ProjectionRunnerOptions) => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  const append = (stream: string, n: number) =>
    store.append(
      stream,
      Array.from({ length: n }, () => ({ id: randomUUID(), type: 'Counted', data: {} })),
    );

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
    const runner = new ProjectionRunner(store, db, [projection], mode);
    runner.start();
    const live = await append('b', 2);
    expect(await runner.waitFor(['counting'], live.events[1].position.commit, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 3, b: 2 });
    expect(runner.status()).toEqual([{ name: 'counting', position: 5, caughtUp: true, quarantined: 0, failures: [] }]);
    await runner.stop();
  });

  it("shows a process's alarm in its status while the process raises it", () => {
    const projection = Object.assign(new CountingProjection(), { alarm: (): string | undefined => 'subject S: keys destroyed, proof not written' });
    const runner = new ProjectionRunner(store, db, [projection], mode);
    const quiet = { name: 'counting', position: 0, caughtUp: false, quarantined: 0, failures: [] };
    expect(runner.status()).toEqual([{ ...quiet, alarm: 'subject S: keys destroyed, proof not written' }]);
    projection.alarm = () => undefined;
    expect(runner.status()).toEqual([quiet]);
  });

  it('applies an event delivered twice only once', async () => {
    await append('a', 4);
    const projection = new CountingProjection();
    const runner = new ProjectionRunner(stuttering(store), db, [projection], mode);
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
    const runner = new ProjectionRunner(caughtUpOnce(store), db, [projection], mode);
    runner.start();
    expect(await runner.waitFor(['counting'], 2, 5000)).toBe(true);
    await append('b', 1);
    expect(await runner.waitFor(['counting'], 3, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 2, b: 1 });
    await runner.stop();
  });

  it('resumes from its stored checkpoint after a restart without applying anything again', async () => {
    await append('a', 3);
    const first = new ProjectionRunner(store, db, [new CountingProjection()], mode);
    first.start();
    await first.waitFor(['counting'], 3, 5000);
    await first.stop();
    await append('a', 2);
    const projection = new CountingProjection();
    const second = new ProjectionRunner(store, db, [projection], mode);
    second.start();
    expect(await second.waitFor(['counting'], 5, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 5 });
    await second.stop();
  });

  it('rebuilds from zero to the same state', async () => {
    await append('a', 3);
    await append('b', 1);
    const projection = new CountingProjection();
    const runner = new ProjectionRunner(store, db, [projection], mode);
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
    const runner = new ProjectionRunner(store, db, [v1], mode);
    runner.start();
    await runner.waitFor(['counting'], 2, 5000);
    await runner.stop();
    db.prepare("UPDATE counts SET n = 99 WHERE stream = 'a'").run();
    const v2 = Object.assign(new CountingProjection(), { version: 2 });
    const upgraded = new ProjectionRunner(store, db, [v2], mode);
    upgraded.start();
    expect(await upgraded.waitFor(['counting'], 2, 5000)).toBe(true);
    expect(v2.counts()).toEqual({ a: 2 });
    await upgraded.stop();
  });

  it('sets aside an event it cannot fold, applies the rest, and says which it set aside', async () => {
    await append('a', 2);
    const poison = await store.append('p', [{ id: randomUUID(), type: 'Counted', data: { poison: true } }]);
    await append('b', 2);
    const projection = new FragileProjection();
    const quarantined: string[] = [];
    const runner = new ProjectionRunner(store, db, [projection], { ...mode, onQuarantine: (name, e) => quarantined.push(`${name}@${e.position}`) });
    runner.start();
    expect(await runner.waitFor(['counting'], 5, 5000)).toBe(true);
    // Live events after it are applied too.
    await append('c', 1);
    expect(await runner.waitFor(['counting'], 6, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 2, b: 2, c: 1 });
    const [status] = runner.status();
    expect(status).toMatchObject({ position: 6, quarantined: 1 });
    expect(status.error).toBeUndefined();
    expect(status.failures).toEqual([
      {
        position: 3,
        eventId: poison.events[0].id,
        stream: 'p',
        type: 'Counted',
        error: `TypeError: cannot fold ${poison.events[0].id}`,
        at: expect.any(String),
      },
    ]);
    expect(quarantined).toEqual(['counting@3']);
    await runner.stop();

    // The quarantine survives a restart, and a rebuild clears it (here the event is still bad: set aside again).
    const again = new ProjectionRunner(store, db, [new FragileProjection()], mode);
    expect(again.status()[0]).toMatchObject({ quarantined: 1, failures: [{ position: 3 }] });
    const fixed = new CountingProjection();
    const rebuilt = new ProjectionRunner(store, db, [fixed], mode);
    await rebuilt.rebuild(['counting']);
    expect(rebuilt.status()[0]).toMatchObject({ position: 6, quarantined: 0, failures: [] });
    expect(fixed.counts()).toEqual({ a: 2, p: 1, b: 2, c: 1 });
  });

  it('retries a batch the database refuses for a while, and sets nothing aside', async () => {
    await append('a', 1);
    await store.append('a', [{ id: randomUUID(), type: 'Counted', data: { busy: true } }]);
    await append('a', 1);
    const projection = Object.assign(new FragileProjection(), { busy: 5 });
    const errors: string[] = [];
    const runner = new ProjectionRunner(store, db, [projection], { ...mode, retryMs: 10, onError: (_, e) => errors.push((e as Error).message) });
    runner.start();
    expect(await runner.waitFor(['counting'], 3, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 3 });
    expect(runner.status()[0]).toMatchObject({ position: 3, quarantined: 0, failures: [] });
    expect(runner.status()[0].error).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    await runner.stop();
  });

  it('reads the log once for all its projections, each from its own checkpoint', async () => {
    await append('a', 3);
    const first = new ProjectionRunner(store, db, [new CountingProjection()], mode);
    first.start();
    await first.waitFor(['counting'], 3, 5000);
    await first.stop();
    await append('b', 2);
    let subscriptions = 0;
    const counted = reshaped(store, (messages) => {
      subscriptions += 1;
      return messages;
    });
    const ahead = new CountingProjection();
    // A second projection, new: it starts from zero while the first resumes from 3.
    const behind = new CountingProjection('counting-too', 'counts_too');
    const runner = new ProjectionRunner(counted, db, [ahead, behind], mode);
    runner.start();
    expect(await runner.waitFor(['counting', 'counting-too'], 5, 5000)).toBe(true);
    await append('c', 1);
    expect(await runner.waitFor(['counting', 'counting-too'], 6, 5000)).toBe(true);
    expect(subscriptions).toBe(1);
    expect(ahead.counts()).toEqual({ a: 3, b: 2, c: 1 });
    expect(behind.counts()).toEqual({ a: 3, b: 2, c: 1 });
    await runner.stop();
  });

  it('lets a failing projection fall behind while the others go on, then catch up from its own checkpoint', async () => {
    await append('a', 1);
    await store.append('a', [{ id: randomUUID(), type: 'Counted', data: { busy: true } }]);
    const fragile = Object.assign(new FragileProjection(), { busy: 3 });
    const healthy = new CountingProjection('healthy', 'healthy_counts');
    const runner = new ProjectionRunner(store, db, [fragile, healthy], { ...mode, retryMs: 10 });
    runner.start();
    // The healthy one is not held up by the other's failures.
    expect(await runner.waitFor(['healthy'], 2, 5000)).toBe(true);
    await append('b', 2);
    expect(await runner.waitFor(['healthy', 'counting'], 4, 5000)).toBe(true);
    await append('c', 1);
    expect(await runner.waitFor(['healthy', 'counting'], 5, 5000)).toBe(true);
    expect(fragile.counts()).toEqual({ a: 2, b: 2, c: 1 });
    expect(healthy.counts()).toEqual({ a: 2, b: 2, c: 1 });
    expect(runner.status().map((s) => s.error)).toEqual([undefined, undefined]);
    await runner.stop();
  });

  it('retries a live batch whose whole transaction SQLite rolled back, and applies it once', async () => {
    await append('a', 1);
    const projection = new CountingProjection();
    let rollBacks = 1;
    const apply = projection.apply.bind(projection);
    projection.apply = (events) => {
      apply(events);
      // What SQLite does on some I/O errors: the whole transaction is gone, not only this savepoint.
      if (events.some((e) => e.streamId === 'live') && rollBacks-- > 0) {
        db.exec('ROLLBACK');
        throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      }
    };
    const errors: string[] = [];
    // As EventStoreDB does, the store says "caught up" once: a live event is folded when the log goes quiet.
    const runner = new ProjectionRunner(caughtUpOnce(store), db, [projection], { ...mode, retryMs: 10, onError: (_, e) => errors.push((e as Error).message) });
    runner.start();
    expect(await runner.waitFor(['counting'], 1, 5000)).toBe(true);
    // A live event, folded when the log goes quiet: its failure must reach the runner, which retries.
    await append('live', 1);
    expect(await runner.waitFor(['counting'], 2, 5000)).toBe(true);
    expect(projection.counts()).toEqual({ a: 1, live: 1 });
    expect(errors).toEqual(['disk I/O error']);
    expect(runner.status()[0].error).toBeUndefined();
    await runner.stop();
  });

  it('says a projection rebuilds until it has caught up', async () => {
    await append('a', 2);
    const runner = new ProjectionRunner(store, db, [new CountingProjection()], mode);
    runner.start();
    await runner.waitFor(['counting'], 2, 5000);
    await runner.stop();
    const upgraded = new ProjectionRunner(store, db, [Object.assign(new CountingProjection(), { version: 2 })], mode);
    expect(upgraded.status()[0]).toMatchObject({ position: 0, caughtUp: false, rebuilding: true });
    upgraded.start();
    expect(await upgraded.waitFor(['counting'], 2, 5000)).toBe(true);
    await upgraded.stop();
    expect(upgraded.status()[0]).toEqual({ name: 'counting', position: 2, caughtUp: true, quarantined: 0, failures: [] });
  });

  it('times out a wait for a position the log has not reached', async () => {
    const runner = new ProjectionRunner(store, db, [new CountingProjection()], mode);
    runner.start();
    expect(await runner.waitFor(['counting'], 10, 50)).toBe(false);
    await runner.stop();
  });
});
