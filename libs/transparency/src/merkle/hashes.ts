import { hash } from 'node:crypto';

/** SHA-256: every hash in the tree, and every proof element, is this long. */
export const HASH_SIZE = 32;

/** RFC 9162 §2.1.1: the hash of the empty tree, SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

/** RFC 9162 §2.1.1: SHA-256(0x00 || leaf). The prefix keeps a leaf from passing as an interior node. */
export function leafHash(leaf: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(leaf.length + 1);
  input[0] = 0x00;
  input.set(leaf, 1);
  return hash('sha256', input, 'buffer');
}

// One input buffer for every node: appends and proofs hash many nodes in a row.
const node = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

/** RFC 9162 §2.1.1: SHA-256(0x01 || left || right), for two 32-byte hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  node.set(left, 1);
  node.set(right, 1 + HASH_SIZE);
  return hash('sha256', node, 'buffer');
}
