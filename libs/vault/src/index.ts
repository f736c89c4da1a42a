export * from './aead';
export * from './blind-index';
export * from './key-derivation';
export * from './key-vault';
export * from './master-key';
export * from './personal-sealer';
export * from './sqlite-key-vault';
export * from './signing';
