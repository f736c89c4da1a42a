import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore, Subscription, openSqlite } from '@ledger/event-store';
import { ProjectionName, ProjectionRunner, allProjections } from '@ledger/projections';
import type { BrokerConsumer } from '../broker/broker-consumer';
import { ReadSideStatus } from './read-side-status';
import { SingleInstanceLease } from '../lease/effects-lease';

/** A ledger without LEDGER_AMQP_URL: no consumer to report. */
const NO_BROKER = { enabled: false } as BrokerConsumer;

/** The store, its subscriptions holding back every event after the first `free` until `release` is called. */
function gated(store: EventStore, free: number): { store: EventStore; release(): void } {
  let open!: () => void;
  const released = new Promise<void>((resolve) => (open = resolve));
  const wrapped = Object.assign(Object.create(store), {
    subscribeToAll(options: Parameters<EventStore['subscribeToAll']>[0]): Subscription {
      const inner = store.subscribeToAll(options);
      let delivered = 0;
      return {
        stop: () => inner.stop(),
        async *[Symbol.asyncIterator]() {
          for await (const message of inner) {
            if (message.kind === 'event' && ++delivered > free) await released;
            yield message;
          }
        },
      };
    },
  }) as EventStore;
  return { store: wrapped, release: open };
}

describe('readiness while a read model is rebuilt', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-readiness-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
    db = openSqlite(join(dir, 'projections.db'), { synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is not ready, and names the model and its lag, until the rebuild has caught up', async () => {
    for (let i = 0; i < 10; i++) {
      await store.append(`subject-${randomUUID()}`, [
        { id: randomUUID(), type: 'ConsentGiven', data: { purpose: 'newsletter' }, metadata: { occurredAt: '2026-01-01T00:00:00Z' } },
      ]);
    }
    const first = new ProjectionRunner<ProjectionName>(store, db, allProjections({ accountRetentionMonths: 24 }));
    first.start();
    expect(await first.waitFor(['history', 'subjects'], 10, 5000)).toBe(true);
    await first.stop();
    expect((await new ReadSideStatus(first, store, NO_BROKER, null, null, new SingleInstanceLease()).snapshot()).readModels.every((m) => m.lag === 0)).toBe(
      true,
    );

    // The history read model's stored version is not the code's: it is dropped and folded again.
    db.prepare("UPDATE projection_checkpoints SET version = 0 WHERE name = 'history'").run();
    const gate = gated(store, 4);
    const runner = new ProjectionRunner<ProjectionName>(gate.store, db, allProjections({ accountRetentionMonths: 24 }));
    const status = new ReadSideStatus(runner, store, NO_BROKER, null, null, new SingleInstanceLease());
    runner.start();
    expect(await runner.waitFor(['history'], 4, 5000)).toBe(true);
    const during = await status.snapshot();
    expect(during.ready).toBe(false);
    expect(during.readModels.find((m) => m.name === 'history')).toMatchObject({ position: 4, lag: 6, rebuilding: true, caughtUp: false });
    expect(during.readModels.find((m) => m.name === 'subjects')).toMatchObject({ position: 10, lag: 0 });
    expect(during.readModels.filter((m) => m.rebuilding).map((m) => m.name)).toEqual(['history']);

    gate.release();
    expect(await runner.waitFor(['history'], 10, 5000)).toBe(true);
    for (;;) {
      const after = await status.snapshot();
      if (after.ready) {
        expect(after.readModels.some((m) => m.rebuilding)).toBe(false);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await runner.stop();
  });
});
