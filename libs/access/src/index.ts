/**
 * API keys, without Nest: the roles, the key store in access.db (hashes of the secrets only),
 * the secrets' format and the rules of a key request. Shared by the server (apps/ledger, which
 * adds the guard and the HTTP API) and the CLI (`ledger keys`).
 */
export * from './api-key';
export * from './api-key-errors';
export * from './api-key-request';
export * from './api-key-secret';
export * from './api-key-store';
export * from './role';
