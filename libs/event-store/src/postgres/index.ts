export * from './postgres-event-store';
export * from './postgres-stream-heads';
export * from './postgres-notifications';
