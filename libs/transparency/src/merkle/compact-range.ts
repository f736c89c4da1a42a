import { EMPTY_ROOT, nodeHash } from './hashes';
import type { NodeId } from './tree-math';

/** Called for every perfect subtree an append completes, the leaf itself first. */
export type OnNode = (level: number, index: number, hash: Buffer) => void;

/**
 * The right border of a growing tree: the hashes of its largest perfect subtrees, one per set
 * bit of its size, largest first (a compact range from 0). Enough to append a leaf in
 * O(log n) amortised — one node hash per subtree it completes — and to compute the root.
 */
export class CompactRange {
  private readonly border: Buffer[];

  constructor(
    private count = 0,
    border: readonly Buffer[] = [],
  ) {
    if (border.length !== CompactRange.borderOf(count).length)
      throw new RangeError(`a tree of ${count} leaves has ${CompactRange.borderOf(count).length} border subtrees, not ${border.length}`);
    this.border = [...border];
  }

  /** The perfect subtrees on the border of a tree of `size` leaves, largest first. */
  static borderOf(size: number): NodeId[] {
    const nodes: NodeId[] = [];
    let offset = 0;
    for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level--) {
      const width = 2 ** level;
      if (offset + width > size) continue;
      nodes.push({ level, index: offset / width });
      offset += width;
    }
    return nodes;
  }

  get size(): number {
    return this.count;
  }

  append(leafHash: Buffer, onNode?: OnNode): void {
    let hash = leafHash;
    let level = 0;
    let index = this.count;
    onNode?.(0, index, hash);
    while (index % 2 === 1) {
      hash = nodeHash(this.border.pop()!, hash);
      level += 1;
      index = (index - 1) / 2;
      onNode?.(level, index, hash);
    }
    this.border.push(hash);
    this.count += 1;
  }

  /** RFC 9162 MTH of the leaves so far: the border folded right to left. */
  root(): Buffer {
    if (this.count === 0) return EMPTY_ROOT;
    let hash = this.border[this.border.length - 1];
    for (let i = this.border.length - 2; i >= 0; i--) hash = nodeHash(this.border[i], hash);
    return hash;
  }
}
