import type { Clock } from '@ledger/domain';
import { createPgPool } from '@ledger/postgres';
import { MasterKeyRing, PostgresKeyVault, RotatableKeyVault, SqliteKeyVault, SqliteKeyVaultOptions } from '@ledger/vault';
import type { Pool } from 'pg';
import { dataFile } from './data-files';
import type { LedgerConfig } from './ledger-config';

/**
 * The master keys the configuration names: LEDGER_MASTER_KEY (with LEDGER_MASTER_KEY_NEXT
 * while a rotation runs), else the data directory's master.key (created on first use); and
 * master.key.next while a rotation runs.
 */
export const masterKeyRingOf = (config: LedgerConfig): MasterKeyRing => MasterKeyRing.fromConfiguration(config.masterKey, config.dataDir, config.masterKeyNext);

/** Where warnings of the vault go (its listening connection failed): the server's logger, or the CLI's standard error. */
export type KeyVaultWarn = (message: string) => void;

/**
 * The configured key vault: on PostgreSQL when LEDGER_DATABASE_URL is set (through the
 * process's pool when given one, migrated at start; else a pool of its own, ended on close),
 * else the data directory's vault.db.
 */
export async function openKeyVault(
  config: LedgerConfig,
  clock: Clock,
  masterKeys: MasterKeyRing = masterKeyRingOf(config),
  pool?: Pool | null,
  warn: KeyVaultWarn = (message) => process.stderr.write(`key vault: ${message}\n`),
  options: { sqliteDurability?: SqliteKeyVaultOptions['durability'] } = {},
): Promise<RotatableKeyVault> {
  const now = () => clock.now();
  if (config.database) {
    return PostgresKeyVault.open({
      pool: pool ?? createPgPool({ connectionString: config.database.url, max: config.database.poolSize }),
      endPoolOnClose: !pool,
      masterKey: masterKeys,
      now,
      onListenError: (error: unknown) => warn(`the connection that hears other ledgers' shreddings failed and will reconnect: ${(error as Error).message}`),
    });
  }
  return new SqliteKeyVault({ file: dataFile(config, 'vault.db'), masterKey: masterKeys, now, durability: options.sqliteDurability });
}
