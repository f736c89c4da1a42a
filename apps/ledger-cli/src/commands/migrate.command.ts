import type { Command } from 'commander';
import { createPgPool, migrateDatabase, redactDatabaseUrl } from '@ledger/postgres';
import { cliConfig } from '../cli-config';

/** `migrate`: brings the PostgreSQL schema up to date (the server does the same at start). */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending PostgreSQL migrations to LEDGER_DATABASE_URL (the server also does at start)')
    .action(async () => {
      const config = cliConfig();
      if (!config.database) {
        process.exitCode = 2;
        throw new Error('LEDGER_DATABASE_URL is not set: only a PostgreSQL database has migrations (the embedded SQLite files need none)');
      }
      const where = redactDatabaseUrl(config.database.url);
      const pool = createPgPool({ connectionString: config.database.url, max: 1, applicationName: 'privacy-ledger migrate' });
      try {
        const applied = await migrateDatabase(pool);
        process.stdout.write(applied.length ? `${where}: applied ${applied.join(', ')}\n` : `${where}: up to date, nothing to apply\n`);
      } catch (error) {
        throw new Error(`cannot migrate ${where}: ${(error as Error).message}`);
      } finally {
        await pool.end();
      }
    });
}
