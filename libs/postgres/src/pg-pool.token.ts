/** Nest injection token for the process's PostgreSQL pool (a pg.Pool, or null when no part of the ledger is configured to use PostgreSQL). */
export const PG_POOL = Symbol('PG_POOL');
