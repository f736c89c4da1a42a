export * from './pg-pool';
export * from './migrate';
export * from './pg-pool.token';
export * from './database-unavailable';
