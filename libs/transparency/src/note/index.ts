export * from './checkpoint';
export * from './note-key';
export * from './signed-note';
