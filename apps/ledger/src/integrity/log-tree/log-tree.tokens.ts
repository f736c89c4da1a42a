/** log-tree.db: the log tree's own SQLite file. */
export const LOG_TREE_DB = Symbol('LOG_TREE_DB');
/** The ProjectionRunner that keeps the log tree up with the log. */
export const LOG_TREE_RUNNER = Symbol('LOG_TREE_RUNNER');
/** The LogTreeReader that checkpoints and proofs are served from. */
export const LOG_TREE = Symbol('LOG_TREE');
/** The origin line of the ledger's checkpoints (and their key name). */
export const CHECKPOINT_ORIGIN = Symbol('CHECKPOINT_ORIGIN');
