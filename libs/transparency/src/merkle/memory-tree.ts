import { CompactRange } from './compact-range';
import { leafHash } from './hashes';
import type { NodeSource } from './node-source';
import type { NodeId } from './tree-math';

/** A tree held in memory with every perfect subtree's hash: for tests, and for checking a log of modest size. */
export class MemoryTree implements NodeSource {
  private readonly levels: Buffer[][] = [];
  private readonly range = new CompactRange();

  static ofLeaves(leaves: readonly Uint8Array[]): MemoryTree {
    const tree = new MemoryTree();
    for (const leaf of leaves) tree.appendLeafHash(leafHash(leaf));
    return tree;
  }

  get size(): number {
    return this.range.size;
  }

  appendLeafHash(hash: Buffer): void {
    this.range.append(hash, (level, index, node) => ((this.levels[level] ??= [])[index] = node));
  }

  root(): Buffer {
    return this.range.root();
  }

  nodes(ids: readonly NodeId[]): Buffer[] {
    return ids.map(({ level, index }) => {
      const hash = this.levels[level]?.[index];
      if (!hash) throw new RangeError(`no subtree at level ${level}, index ${index} in a tree of ${this.size} leaves`);
      return hash;
    });
  }
}
