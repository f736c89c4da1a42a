export * from './master-key-rotation';
export * from './rotate-master-key';
