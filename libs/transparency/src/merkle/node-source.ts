import type { NodeId } from './tree-math';

/**
 * Where a tree's perfect-subtree hashes come from: a stored tree, or one built in memory. Asked
 * for all the nodes a root or proof needs at once, so a store can fetch them together.
 */
export interface NodeSource {
  /** The hashes of these perfect subtrees, in the same order. Each must lie within the tree. */
  nodes(ids: readonly NodeId[]): Buffer[];
}
