import { Logger, Provider } from '@nestjs/common';
import { PG_POOL, createPgPool, migrateDatabase, redactDatabaseUrl } from '@ledger/postgres';
import type { Pool } from 'pg';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/config';

/**
 * Whether this configuration keeps anything in PostgreSQL: the event store
 * (LEDGER_EVENT_STORE=postgres), and whenever LEDGER_DATABASE_URL is set the key vault, the API
 * keys and the access audit log (issue 17); they share the one pool.
 */
export const usesPostgres = (config: LedgerConfig): boolean => config.eventStore === 'postgres' || config.database !== undefined;

/**
 * Opens the process's PostgreSQL pool and brings the schema up to date before anything uses
 * it (ledgers starting together migrate one at a time). Null when PostgreSQL is not in use.
 */
export async function openDatabase(config: LedgerConfig): Promise<Pool | null> {
  if (!usesPostgres(config)) return null;
  if (!config.database) throw new Error('LEDGER_DATABASE_URL is not set');
  const logger = new Logger('PostgreSQL');
  // Migrated on a connection of its own, without the query timeout: a migration, or the wait for
  // another instance's, may take long.
  const migrating = createPgPool({ connectionString: config.database.url, max: 1, applicationName: 'privacy-ledger migrate' });
  try {
    const applied = await migrateDatabase(migrating);
    if (applied.length) logger.log(`migrated ${redactDatabaseUrl(config.database.url)}: ${applied.join(', ')}`);
  } catch (error) {
    throw new Error(`cannot prepare the PostgreSQL database ${redactDatabaseUrl(config.database.url)}: ${(error as Error).message}`);
  } finally {
    await migrating.end().catch(() => undefined);
  }
  return createPgPool({
    connectionString: config.database.url,
    max: config.database.poolSize,
    queryTimeoutMs: config.database.queryTimeoutSeconds * 1000,
    onIdleError: (error) => logger.warn(`an idle database connection failed and will be replaced: ${error.message}`),
  });
}

export const databaseProvider: Provider = { provide: PG_POOL, useFactory: openDatabase, inject: [LEDGER_CONFIG] };
