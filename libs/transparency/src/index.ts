export * from './merkle';
export * from './log';
export * from './note';
export * from './receipt';
