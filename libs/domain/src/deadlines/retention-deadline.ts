import { addCalendarMonths } from '../time/calendar';

/**
 * Storage limitation (Art. 5(1)(e)) as the controller's policy sets it: an account is deleted
 * `months` after the subject was left without any service (HostingHuis: 24). Retention dates
 * given on collection, and the `until` of data kept under a legal obligation, are dates of
 * their own; this is the one the ledger derives.
 */
export const accountDeletionDueAt = (allServicesEndedAt: string, months: number): string =>
  addCalendarMonths(new Date(allServicesEndedAt), months).toISOString();

/** The request id of an erasure the retention policy starts: one per due date, so a rerun records it once. */
export const retentionErasureRequestId = (dueAt: string): string => `retention-${dueAt.slice(0, 10)}`;

/** The channel of the erasure requests the retention policy starts (the sweep): its own rule, not Art. 12(3). */
export const RETENTION_POLICY_CHANNEL = 'retention-policy';
