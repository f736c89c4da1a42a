/**
 * A perfect subtree of the log tree: the 2^level leaves from index·2^level on. Level 0 is a
 * leaf. Every hash the tree stores is one of these; every other hash is computed from them.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Leaves [start, end) of the tree. */
export type LeafRange = readonly [start: number, end: number];

/** The largest power of two smaller than n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The perfect subtrees that make up leaves [start, end), left to right: one per set bit of the
 * length, largest first. Their right-to-left fold is the RFC's MTH of the range when the range
 * starts at a multiple of its largest part, which holds for every range a tree, a root or a
 * proof is made of (each is a right part of a split).
 */
export function perfectCover(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let offset = start;
  for (let size = highestPowerOfTwoIn(end - start); size >= 1; size /= 2) {
    if (offset + size > end) continue;
    if (offset % size !== 0) throw new RangeError(`leaves [${start}, ${end}) are not aligned to their subtrees`);
    nodes.push({ level: Math.log2(size), index: offset / size });
    offset += size;
  }
  return nodes;
}

function highestPowerOfTwoIn(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return n === 0 ? 0 : p;
}

/**
 * RFC 9162 §2.1.3.1, PATH(m, D[n]): the ranges whose hashes form the inclusion proof of leaf
 * `index` in the tree of `size` leaves, from the leaf's sibling up to the root's other child.
 */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  const ranges: LeafRange[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
    }
  }
  return ranges.reverse();
}

/**
 * RFC 9162 §2.1.4.1, PROOF(m, D[n]) = SUBPROOF(m, D[n], true): the ranges whose hashes prove
 * that the tree of `size1` leaves is a prefix of the tree of `size2` leaves. Empty when the
 * sizes are equal. The first tree's own root is left out when it is a complete subtree.
 */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  if (!(size1 > 0 && size1 <= size2)) throw new RangeError(`no consistency proof from ${size1} to ${size2} leaves`);
  const ranges: LeafRange[] = [];
  let lo = 0;
  let hi = size2;
  let m = size1;
  let complete = true;
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) ranges.push([lo, hi]);
  return ranges.reverse();
}
