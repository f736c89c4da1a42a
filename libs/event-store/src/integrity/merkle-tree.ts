import { hash } from 'node:crypto';

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** RFC 6962 leaf hash: SHA-256(0x00 || leaf). The prefix keeps a leaf from passing as a node. */
export const merkleLeafHash = (leaf: Buffer): Buffer => hash('sha256', Buffer.concat([LEAF, leaf]), 'buffer');

/** RFC 6962 interior node hash: SHA-256(0x01 || left || right). */
export const merkleNodeHash = (left: Buffer, right: Buffer): Buffer => hash('sha256', Buffer.concat([NODE, left, right]), 'buffer');

/**
 * The RFC 6962 Merkle tree hash (MTH) of a list of leaves: SHA-256 of nothing for no leaves.
 * Built bottom-up, pairing neighbours and carrying an odd last node up unhashed, which gives
 * the same tree as the RFC's split at the largest power of two below n.
 */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return hash('sha256', Buffer.alloc(0), 'buffer');
  let level = leaves.map(merkleLeafHash);
  // One buffer for every node's input: a digest of many streams hashes a node per stream.
  const node = Buffer.alloc(65, NODE[0]);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      if (i + 1 === level.length) {
        next.push(level[i]);
        continue;
      }
      level[i].copy(node, 1);
      level[i + 1].copy(node, 33);
      next.push(hash('sha256', node, 'buffer'));
    }
    level = next;
  }
  return level[0];
}
