export * from './ledger-signer';
export * from './public-signing-key';
export * from './signing-key-file';
