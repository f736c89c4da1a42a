// The configuration class's decorators read type metadata; the server gets this import from Nest.
import 'reflect-metadata';
import { LedgerConfig, loadLedgerConfig } from '@ledger/config';

/** The CLI reads the same environment as the server, so both open the same data directory. */
export const cliConfig = (): LedgerConfig => loadLedgerConfig({ LEDGER_LOG_LEVEL: 'warn', ...process.env });
