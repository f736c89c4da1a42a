export * from './erasure-receipt';
