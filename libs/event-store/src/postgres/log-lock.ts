/**
 * Global order on PostgreSQL: serialised appends.
 *
 * Every append transaction takes one transaction-scoped advisory lock (the log lock), then
 * reads the log's last position and the tips of the streams it writes (completing a read made
 * just before the lock), gives its events the next positions, inserts them and commits. PostgreSQL releases a transaction's locks only after
 * the commit is durable and visible to new snapshots, so whoever takes the lock next sees every
 * earlier append, and positions are visible in commit order: a reader whose snapshot shows
 * position p shows every committed position below p, and no transaction can commit a position
 * below p later. A subscription that reads `position > checkpoint` therefore never skips an
 * event, with any number of ledger processes appending.
 *
 * The alternative Emmett uses (each row stores pg_current_xact_id(); readers read only rows of
 * transactions below pg_snapshot_xmin(pg_current_snapshot()), ordered by transaction id) lets
 * appends run in parallel, but positions are then pairs (transaction id, sequence) rather than
 * the one number the API returns and `?minPosition=` takes, and every reader waits for the
 * oldest transaction that holds a transaction id anywhere in the cluster: a long write by a
 * projection, a migration or another application stalls every subscriber. Marten's sequence
 * with gap detection gives up on a slow transaction after a timeout and skips its events.
 * Serialising costs parallelism between processes; each process batches its appends into one
 * transaction at a time (group commit), so the lock is taken once per batch, not per event.
 * See docs/postgresql.md and the two-process test in postgres-global-order.spec.ts.
 */
export const LOG_LOCK = '7271838102741002';

/** Opens an append transaction holding the log lock. Simple protocol: three statements, one round trip. */
export const BEGIN_WITH_LOG_LOCK =
  // A client that dies mid-append must not hold the log lock for long: the server ends its session.
  `BEGIN; SET LOCAL idle_in_transaction_session_timeout = '30s'; SELECT pg_advisory_xact_lock(${LOG_LOCK})`;

/** The LISTEN/NOTIFY channel on which each append's commit wakes the followers of other processes. */
export const APPENDED_CHANNEL = 'ledger_events_appended';
