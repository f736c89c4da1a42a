import { join } from 'node:path';
import { ensurePrivateDir } from '@ledger/event-store';
import type { LedgerConfig } from './ledger-config';

/** The files the ledger keeps in its data directory. */
export type DataFileName =
  | 'events.db'
  | 'vault.db'
  | 'projections.db'
  | 'access.db'
  | 'access-audit.db'
  | 'master.key'
  | 'signing.key'
  | 'signing-keys.json'
  | 'log-tree.db'
  | 'notifications.db';

export const dataFile = (config: LedgerConfig, name: DataFileName): string => join(config.dataDir, name);

/**
 * The data directory, owner only (0700) whatever the umask, and tightened to that if an older
 * version left it 0755. Its files are made 0600 where they are opened (openSqlite, the secret files).
 */
export const prepareDataDir = (config: LedgerConfig): void => ensurePrivateDir(config.dataDir);
