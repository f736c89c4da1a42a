import type { Clock } from '@ledger/domain';
import { createPgPool } from '@ledger/postgres';
import { KeyVault, PostgresKeyVault, SqliteKeyVault, loadMasterKey } from '@ledger/vault';
import type { Pool } from 'pg';
import { dataFile } from './data-files';
import type { LedgerConfig } from './ledger-config';

/** The master key the configuration names: LEDGER_MASTER_KEY, else the data directory's master.key (created on first use). */
export const masterKeyOf = (config: LedgerConfig): Buffer => loadMasterKey(config.masterKey, dataFile(config, 'master.key'));

/** Where warnings of the vault go (its listening connection failed): the server's logger, or the CLI's standard error. */
export type KeyVaultWarn = (message: string) => void;

/**
 * The configured key vault: on PostgreSQL when LEDGER_DATABASE_URL is set (through the
 * process's pool when given one, migrated at start; else a pool of its own, ended on close),
 * else the data directory's vault.db.
 */
export function createKeyVault(
  config: LedgerConfig,
  clock: Clock,
  masterKey: Buffer = masterKeyOf(config),
  pool?: Pool | null,
  warn: KeyVaultWarn = (message) => process.stderr.write(`key vault: ${message}\n`),
): KeyVault {
  const now = () => clock.now();
  if (config.database) {
    return new PostgresKeyVault({
      pool: pool ?? createPgPool({ connectionString: config.database.url, max: config.database.poolSize }),
      endPoolOnClose: !pool,
      masterKey,
      now,
      onListenError: (error) => warn(`the connection that hears other ledgers' shreddings failed and will reconnect: ${(error as Error).message}`),
    });
  }
  return new SqliteKeyVault({ file: dataFile(config, 'vault.db'), masterKey, now });
}
