import { createServer } from 'node:net';
import { once } from 'node:events';
import { Client } from 'pg';
import { isDatabaseUnavailable } from './database-unavailable';
import { createPgPool } from './pg-pool';
import { TEST_SERVER_URL } from './testing/test-database';

/** The errors node-postgres really gives when the server is away, against the errors of a server that answers. */
describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection, a connection the server side drops, and a pool that was ended', async () => {
    const refused = createPgPool({ connectionString: 'postgres://postgres@127.0.0.1:1/ledger', max: 1 });
    const error = await refused.query('SELECT 1').catch((e: unknown) => e);
    await refused.end();
    expect(isDatabaseUnavailable(error)).toBe(true);

    // A server that accepts and hangs up at once, as a proxy that was cut does.
    const hangUp = createServer((socket) => socket.destroy());
    hangUp.listen(0, '127.0.0.1');
    await once(hangUp, 'listening');
    const port = (hangUp.address() as { port: number }).port;
    const dropped = createPgPool({ connectionString: `postgres://postgres@127.0.0.1:${port}/ledger`, max: 1 });
    const droppedError = await dropped.query('SELECT 1').catch((e: unknown) => e);
    await dropped.end();
    hangUp.close();
    expect(isDatabaseUnavailable(droppedError)).toBe(true);

    const ended = createPgPool({ connectionString: TEST_SERVER_URL, max: 1 });
    await ended.end();
    expect(isDatabaseUnavailable(await ended.query('SELECT 1').catch((e: unknown) => e))).toBe(true);
  });

  it("recognises a query left without an answer past the pool's query timeout (a silent network)", async () => {
    const silent = createPgPool({ connectionString: TEST_SERVER_URL, max: 1, queryTimeoutMs: 200 });
    try {
      const error = await silent.query('SELECT pg_sleep(2)').catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/Query read timeout/);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await silent.end();
    }
  });

  it('recognises a session the server ends, and not the errors of queries it refuses', async () => {
    const victim = new Client({ connectionString: TEST_SERVER_URL });
    const killer = new Client({ connectionString: TEST_SERVER_URL });
    await Promise.all([victim.connect(), killer.connect()]);
    victim.on('error', () => undefined);
    try {
      const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const sleeping = victim.query('SELECT pg_sleep(30)').catch((e: unknown) => e);
      await killer.query('SELECT pg_terminate_backend($1)', [pid]);
      expect(isDatabaseUnavailable(await sleeping)).toBe(true);

      for (const sql of ['SELECT * FROM no_such_table', 'SELECT 1/0', 'SELEKT 1']) {
        expect(isDatabaseUnavailable(await killer.query(sql).catch((e: unknown) => e))).toBe(false);
      }
      expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
    } finally {
      await Promise.all([victim.end().catch(() => undefined), killer.end()]);
    }
  });
});
