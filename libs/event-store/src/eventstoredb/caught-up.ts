import { type LogPosition, isAfter } from '../port/log-position';

/**
 * Whether a subscription has everything up to the head of the log: the log has no ledger
 * events at all, or the newest one is at or before the last position the subscription received.
 */
export const hasCaughtUp = (head: LogPosition | null, received: LogPosition | undefined): boolean =>
  head === null || (received !== undefined && !isAfter(head, received));
