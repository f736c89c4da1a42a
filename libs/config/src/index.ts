/**
 * What the server (apps/ledger) and the CLI (apps/ledger-cli) both start from: the configuration
 * read from the environment, the files of the data directory, and the event store they name.
 * Without Nest; the server provides LEDGER_CONFIG to its modules. The hardening both load
 * before anything else is imported by path, `@ledger/config/freeze-prototype`, for its effect.
 */
export * from './data-files';
export * from './event-store.factory';
export * from './key-vault.factory';
export * from './ledger-config';
export * from './compliance-rules';
