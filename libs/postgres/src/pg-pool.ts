import { Pool } from 'pg';

export interface PgPoolOptions {
  /** postgres://user:password@host:port/database?… (LEDGER_DATABASE_URL). */
  connectionString: string;
  /** Connections at most (LEDGER_DATABASE_POOL_SIZE). */
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** An idle connection failed (the server restarted, the network dropped it); the pool replaces it. */
  onIdleError?: (error: Error) => void;
  /**
   * A query that has no answer after this long fails ('Query read timeout'), and its connection is
   * dropped: a database that went silent (a network partition) is then answered 503 rather than
   * waited for until TCP gives up. None when absent (migrations may take long: run them elsewhere).
   */
  queryTimeoutMs?: number;
}

/**
 * The one node-postgres pool a ledger process keeps for its PostgreSQL database: the event
 * store uses it now, and the key vault and read models will share it. Opening a pool connects
 * nothing; the first query does.
 */
export function createPgPool(options: PgPoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'privacy-ledger',
    // A dead peer is noticed by TCP keepalive, not only when a query times out.
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
  });
  // Without a listener an idle connection's error would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  // The pool listens to idle connections only. One checked out (a transaction between two of its
  // queries) that the network drops would emit 'error' with no listener and end the process; with
  // this one the loss fails its query or the next one, and the connection is dropped on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** The database URL without its password, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparseable database URL)';
  }
}
