import { join } from 'node:path';
import type { LedgerConfig } from './ledger-config';

/** The files the ledger keeps in its data directory. */
export type DataFileName = 'events.db' | 'vault.db' | 'projections.db' | 'access.db' | 'access-audit.db' | 'master.key' | 'signing.key' | 'signing-keys.json' | 'log-tree.db';

export const dataFile = (config: LedgerConfig, name: DataFileName): string => join(config.dataDir, name);
