import type { Clock } from '@ledger/domain';
import { KeyVault, SqliteKeyVault, loadMasterKey } from '@ledger/vault';
import { dataFile } from './data-files';
import type { LedgerConfig } from './ledger-config';

/** The master key the configuration names: LEDGER_MASTER_KEY, else the data directory's master.key (created on first use). */
export const masterKeyOf = (config: LedgerConfig): Buffer => loadMasterKey(config.masterKey, dataFile(config, 'master.key'));

/** The configured key vault: the data directory's vault.db (embedded). */
export function createKeyVault(config: LedgerConfig, clock: Clock, masterKey: Buffer = masterKeyOf(config)): KeyVault {
  return new SqliteKeyVault({ file: dataFile(config, 'vault.db'), masterKey, now: () => clock.now() });
}
