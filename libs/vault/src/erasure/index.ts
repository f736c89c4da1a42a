export * from './reapply-erasures';
