export * from './event-lookup';
export * from './log-leaf';
export * from './log-tree';
export * from './log-tree.projection';
export * from './sqlite-log-tree';
export * from './sqlite-log-tree-schema';
export * from './tree-scan';
