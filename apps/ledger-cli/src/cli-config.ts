import { LedgerConfig, loadLedgerConfig } from '@ledger/config';

/** The CLI reads the same environment as the server, so both open the same data directory. */
export const cliConfig = (): LedgerConfig => loadLedgerConfig({ LEDGER_LOG_LEVEL: 'warn', ...process.env });
