import { EMPTY_ROOT, nodeHash } from './hashes';
import type { NodeSource } from './node-source';
import { LeafRange, NodeId, consistencyRanges, inclusionRanges, perfectCover } from './tree-math';

/** The hashes of several ranges, each folded right to left from its perfect subtrees; one fetch for all. */
function rangeHashes(ranges: readonly LeafRange[], source: NodeSource): Buffer[] {
  const covers = ranges.map(([start, end]) => perfectCover(start, end));
  const hashes = source.nodes(covers.flat() as NodeId[]);
  let next = 0;
  return covers.map((cover) => {
    const parts = hashes.slice(next, (next += cover.length));
    let hash = parts[parts.length - 1];
    for (let i = parts.length - 2; i >= 0; i--) hash = nodeHash(parts[i], hash);
    return hash;
  });
}

/** RFC 9162 §2.1.1, MTH(D[size]): the root of the tree's first `size` leaves. */
export function rootHash(size: number, source: NodeSource): Buffer {
  return size === 0 ? EMPTY_ROOT : rangeHashes([[0, size]], source)[0];
}

/** RFC 9162 §2.1.3.1: the inclusion proof (audit path) of leaf `index` in the tree of `size` leaves. */
export function inclusionProof(index: number, size: number, source: NodeSource): Buffer[] {
  return rangeHashes(inclusionRanges(index, size), source);
}

/** RFC 9162 §2.1.4.1: the consistency proof from the tree of `size1` leaves to the tree of `size2` leaves. */
export function consistencyProof(size1: number, size2: number, source: NodeSource): Buffer[] {
  return rangeHashes(consistencyRanges(size1, size2), source);
}
