/**
 * Where a perfect subtree's hash sits in an append-only sequence of every hash of the tree:
 * each leaf's hash followed by the hashes of the subtrees it completes, in the order an append
 * produces them. The layout of Go's sumdb tlog (golang.org/x/mod/sumdb/tlog, StoredHashIndex),
 * written here from its description: the hashes of leaf n start at n + ⌊n/2⌋ + ⌊n/4⌋ + ….
 */
export function storedHashIndex(level: number, index: number): number {
  // Level L's n-th hash is stored right after level L-1's (2n+1)-th hash.
  let n = index;
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  let i = 0;
  for (; n > 0; n = Math.floor(n / 2)) i += n;
  return i + level;
}

/** How many hashes a tree of `size` leaves stores: where the next leaf's hash goes. */
export const storedHashCount = (size: number): number => storedHashIndex(0, size);
