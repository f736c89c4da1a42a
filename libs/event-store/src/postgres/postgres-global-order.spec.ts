import { createPgPool, migrateDatabase } from '@ledger/postgres';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PostgresEventStore } from './postgres-event-store';

const ROOT = join(__dirname, '..', '..', '..', '..');
const worker = (name: string, args: string[]): ChildProcess =>
  spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'testing', name), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const EVENTS_PER_WRITER = 3000;

/** What the follower got wrong, by position (a few of each), so that a failure reads at a glance. */
function differences(seen: { position: number; id: string }[], log: { position: number; id: string }[]) {
  const seenIds = new Set(seen.map((s) => s.id));
  const counts = new Map<string, number>();
  for (const s of seen) counts.set(s.id, (counts.get(s.id) ?? 0) + 1);
  return {
    skipped: log
      .filter((e) => !seenIds.has(e.id))
      .map((e) => e.position)
      .slice(0, 10),
    repeated: [...counts]
      .filter(([, n]) => n > 1)
      .map(([id]) => id)
      .slice(0, 10),
    outOfOrder: seen
      .filter((s, i) => i > 0 && s.position <= seen[i - 1].position)
      .map((s) => s.position)
      .slice(0, 10),
  };
}

/**
 * Global order across processes: two processes append as fast as they can while a third follows
 * the catch-up subscription. Whatever the interleaving of their transactions, the follower must
 * see every committed event exactly once, in position order, with nothing skipped: exactly the
 * log a final read of all gives.
 */
describe('PostgresEventStore: global order with concurrent appenders in other processes', () => {
  let database: TestDatabase;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const pool = createPgPool({ connectionString: database.url, max: 1 });
    await migrateDatabase(pool);
    await pool.end();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await database?.drop();
  });

  it('lets a follower see every event exactly once, in order, while two processes append', async () => {
    const follower = worker('follow-worker.ts', [database.url]);
    children.push(follower);
    let followerErrors = '';
    follower.stderr!.on('data', (chunk) => (followerErrors += chunk));
    const seen: { position: number; id: string }[] = [];
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    let reached: { position: number; resolve: () => void } | undefined;
    createInterface({ input: follower.stdout! }).on('line', (line) => {
      if (line === 'caught-up') return caughtUp();
      const [position, id] = line.split(' ');
      seen.push({ position: Number(position), id });
      if (reached && Number(position) >= reached.position) reached.resolve();
    });
    const followerExit = once(follower, 'exit').then(() => {
      throw new Error(`the follower exited: ${followerErrors}`);
    });
    await Promise.race([ready, followerExit]);

    const writers = ['a', 'b'].map((label) => worker('append-worker.ts', [database.url, label, String(EVENTS_PER_WRITER), '16']));
    children.push(...writers);
    const results = await Promise.all(
      writers.map(async (w) => {
        let out = '';
        let err = '';
        w.stdout!.on('data', (c) => (out += c));
        w.stderr!.on('data', (c) => (err += c));
        const [code] = await once(w, 'exit');
        return { code, out, err };
      }),
    );
    for (const r of results) expect(r).toMatchObject({ code: 0, out: `done ${EVENTS_PER_WRITER}\n` });

    const store = new PostgresEventStore({ pool: createPgPool({ connectionString: database.url, max: 2 }), endPoolOnClose: true });
    const log: { position: number; id: string }[] = [];
    const writerOf: string[] = [];
    try {
      for await (const e of store.readAll()) {
        log.push({ position: e.position.commit, id: e.id });
        writerOf.push(String(e.data.writer));
      }
    } finally {
      await store.close();
    }
    expect(log).toHaveLength(2 * EVENTS_PER_WRITER);

    // The follower gets there by itself (woken by NOTIFY); the test only waits for it.
    const last = log[log.length - 1].position;
    if (!seen.some((s) => s.position >= last)) {
      await Promise.race([new Promise<void>((resolve) => (reached = { position: last, resolve })), followerExit]);
    }
    follower.kill('SIGKILL');

    expect(differences(seen, log)).toEqual({ skipped: [], repeated: [], outOfOrder: [] });
    expect(seen).toEqual(log);
    // The race was real: the two writers' commits interleave all through the log.
    const switches = writerOf.filter((w, i) => i > 0 && w !== writerOf[i - 1]).length;
    expect(switches).toBeGreaterThan(20);
  }, 240_000);
});
