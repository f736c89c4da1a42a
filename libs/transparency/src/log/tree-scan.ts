import { CompactRange } from '../merkle/compact-range';
import { consistencyProof } from '../merkle/proofs';
import { consistencyRanges, perfectCover } from '../merkle/tree-math';

/** A tree rebuilt from its leaves in one pass: its root, the root it had at an earlier size, and the consistency proof between them. */
export interface ScannedTree {
  readonly size: number;
  readonly root: Buffer;
  readonly fromSize: number;
  readonly fromRoot: Buffer;
  /** RFC 9162 consistency proof from `fromSize` to `size`. */
  readonly consistency: Buffer[];
  /** The roots at the sizes asked for (and at `fromSize` and `size`). */
  readonly roots: ReadonlyMap<number, Buffer>;
}

/**
 * Rebuilds the tree of `size` leaves from their hashes, in order and in O(log n) memory, keeping
 * only the subtree hashes a consistency proof from `fromSize` needs. What `verify
 * --since-checkpoint` runs over the event store itself, trusting no stored tree.
 */
export function scanTree(leafHashes: Iterable<Buffer>, size: number, fromSize: number, rootsAt: readonly number[] = []): ScannedTree {
  if (!(fromSize >= 1 && fromSize <= size)) throw new RangeError(`cannot prove a tree of ${size} leaves extends one of ${fromSize}`);
  const key = (level: number, index: number) => `${level}/${index}`;
  const wanted = new Map<string, Buffer | undefined>(
    consistencyRanges(fromSize, size)
      .flatMap(([start, end]) => perfectCover(start, end))
      .map((n) => [key(n.level, n.index), undefined]),
  );
  const range = new CompactRange();
  const roots = new Map<number, Buffer | undefined>([fromSize, size, ...rootsAt].map((n) => [n, undefined]));
  for (const leaf of leafHashes) {
    if (range.size === size) break;
    range.append(leaf, (level, index, hash) => {
      if (wanted.has(key(level, index))) wanted.set(key(level, index), hash);
    });
    if (roots.has(range.size)) roots.set(range.size, range.root());
  }
  if (range.size !== size) throw new Error(`expected ${size} leaves, found ${range.size}`);
  const consistency = consistencyProof(fromSize, size, { nodes: (ids) => ids.map((n) => wanted.get(key(n.level, n.index))!) });
  return { size, root: range.root(), fromSize, fromRoot: roots.get(fromSize)!, consistency, roots: roots as Map<number, Buffer> };
}
