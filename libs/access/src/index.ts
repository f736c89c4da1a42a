/**
 * API keys, without Nest: the roles, the key store (hashes of the secrets only: access.db, or
 * PostgreSQL when LEDGER_DATABASE_URL is set), the secrets' format and the rules of a key request. Shared by the server (apps/ledger, which
 * adds the guard and the HTTP API) and the CLI (`ledger keys`).
 */
export * from './api-key';
export * from './api-key-errors';
export * from './api-key-request';
export * from './api-key-secret';
export * from './api-key-store';
export * from './postgres-api-key-store';
export * from './sqlite-api-key-store';
export * from './role';
