/**
 * Records that are not ledger facts: EventStoreDB's own ($-prefixed event types such as
 * $metadata, or anything in a $-prefixed stream) and this adapter's bookkeeping, whose event
 * type starts with $ on purpose so the server-side excludeSystemEvents() filter drops it too.
 */
export const isSystemEvent = (streamId: string, type: string): boolean => streamId.startsWith('$') || type.startsWith('$');
