import { join } from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Pool } from 'pg';

/**
 * The ledger's schema, as plain SQL files in migrations/ (`<13-digit timestamp>_<name>.sql`,
 * with `-- Up Migration` and `-- Down Migration` sections), applied in order by node-pg-migrate.
 * The build copies them beside the compiled code (nest-cli.json, assets).
 *
 * Why node-pg-migrate: it is made for PostgreSQL only, has kept up with node-postgres for a
 * decade, takes plain SQL files (no loader, so the same files run under jest, ts-node and the
 * compiled build), records what ran in a table and runs all pending migrations in one
 * transaction. 7.x is its last CommonJS line, which this NestJS 11 CommonJS build needs.
 * postgrator 8 is ESM-only; umzug would need a storage and a lock written here.
 */
export const MIGRATIONS_DIR = join(__dirname, 'migrations');
export const MIGRATIONS_TABLE = 'ledger_migrations';

// Held while migrating, so ledgers that start together migrate one after the other (the others
// wait and then find nothing to do). node-pg-migrate's own lock refuses instead of waiting.
const MIGRATION_LOCK = 7_271_838_102_741_001n;

export interface MigrateOptions {
  /** Where node-pg-migrate's progress lines go; silent when absent. */
  log?: (line: string) => void;
}

/** Applies every pending migration; returns the names of those it applied (none when up to date). */
export async function migrateDatabase(pool: Pool, options: MigrateOptions = {}): Promise<string[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      const log = options.log ?? (() => undefined);
      const applied = await runner({
        dbClient: client,
        dir: MIGRATIONS_DIR,
        migrationsTable: MIGRATIONS_TABLE,
        direction: 'up',
        checkOrder: true,
        singleTransaction: true,
        noLock: true,
        logger: { debug: log, info: log, warn: log, error: log },
      });
      return applied.map((m) => m.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // A connection that failed mid-migration is dropped rather than reused.
    client.release(broken);
  }
}
