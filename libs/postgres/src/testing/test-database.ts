import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The PostgreSQL server tests use: the machine's own (127.0.0.1:5432, trust auth, user
 * postgres), or LEDGER_TEST_POSTGRES_URL. CI's .ci/run starts it.
 */
export const TEST_SERVER_URL = process.env.LEDGER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly name: string;
  /** A URL for the new database, on the test server. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates a database of its own for a test (`<prefix>_<random>`) and drops it afterwards.
 * When the server does not answer this fails, naming the server and how to start it: a test
 * on PostgreSQL never skips silently.
 */
export async function createTestDatabase(prefix = 'ledger_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE ends connections a failed test left open (PostgreSQL 13+).
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_SERVER_URL} (${(error as Error).message}). ` +
        'These tests need a real server: start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` ' +
        '(.ci/run does), or point LEDGER_TEST_POSTGRES_URL at one.',
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
