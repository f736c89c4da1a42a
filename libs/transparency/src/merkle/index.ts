export * from './compact-range';
export * from './hashes';
export * from './memory-tree';
export * from './node-source';
export * from './proofs';
export * from './tree-math';
export * from './verify';
