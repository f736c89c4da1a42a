export * from './ledger-signer';
export * from './public-key-set';
export * from './public-signing-key';
export * from './signing-key-file';
export * from './signing-key-ring';
