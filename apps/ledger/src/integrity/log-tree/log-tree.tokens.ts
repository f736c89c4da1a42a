/** log-tree.db: the log tree's own SQLite file. */
export const LOG_TREE_DB = Symbol('LOG_TREE_DB');
/** The follower that keeps the log tree up with the log (a LogTreeProgress). */
export const LOG_TREE_FOLLOWER = Symbol('LOG_TREE_FOLLOWER');
/** The LogTreeReader that checkpoints and proofs are served from. */
export const LOG_TREE = Symbol('LOG_TREE');
/** The origin line of the ledger's checkpoints (and their key name). */
export const CHECKPOINT_ORIGIN = Symbol('CHECKPOINT_ORIGIN');
