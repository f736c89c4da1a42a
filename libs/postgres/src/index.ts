export * from './pg-pool';
export * from './migrate';
