export * from './merkle';
export * from './log';
