import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { AdvisoryLease } from './advisory-lease';
import type { LeasedWork } from './effects-lease';

/** Work that records whether it runs. */
function work(name: string): LeasedWork & { running: boolean; starts: number } {
  const w = {
    name,
    running: false,
    starts: 0,
    start() {
      w.running = true;
      w.starts++;
    },
    async stop() {
      w.running = false;
    },
  };
  return w;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The effects lease on a real PostgreSQL server: one holder at a time, handed over when the holder's session ends. */
describe('AdvisoryLease', () => {
  let database: TestDatabase;
  const key = 4242n;
  beforeAll(async () => {
    database = await createTestDatabase('ledger_lease_unit');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("runs the work on one holder, and on the other once the holder's session is cut", async () => {
    const a = new AdvisoryLease({ connectionString: database.url, key, retryMs: 100 });
    const b = new AdvisoryLease({ connectionString: database.url, key, retryMs: 100 });
    const workA = work('a');
    const workB = work('b');
    await a.run(workA);
    await b.run(workB);
    a.start();
    await until(() => a.holds, 'a to hold the lease');
    b.start();
    await new Promise((r) => setTimeout(r, 500));
    expect([a.state, b.state]).toEqual(['held', 'standby']);
    expect([workA.running, workB.running]).toEqual([true, false]);

    // The holder's session ends (as when its process dies or the network drops it): it stops, the other takes over.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'privacy-ledger lease' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted)",
        [Number(key)],
      );
    } finally {
      await admin.end();
    }
    await until(() => b.holds && workB.running, 'b to take over');
    await until(() => !workA.running, 'a to stop its work');
    expect(a.state).toBe('standby');

    // b gives the lease up on close; a, still campaigning, wins it back.
    await b.close();
    expect(workB.running).toBe(false);
    await until(() => a.holds && workA.running, 'a to win the lease back');
    expect(workA.starts).toBe(2);
    await a.close();
    expect(workA.running).toBe(false);
  }, 60_000);
});
