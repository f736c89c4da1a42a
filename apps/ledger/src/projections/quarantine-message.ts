import type { QuarantinedEvent } from '@ledger/projections';

/** What the operator reads in the log when a projection sets an event aside, and what to do about it. */
export const quarantineMessage = (projection: string, e: QuarantinedEvent): string =>
  `projection ${projection} could not fold the event at position ${e.position} (${e.type} ${e.eventId} on ${e.stream}) and set it aside: ${e.error}. ` +
  `It goes on without it; fix the cause, then stop the ledger and run \`npm run ledger -- rebuild ${projection}\`.`;
