import { HASH_SIZE, nodeHash } from './hashes';

export type ProofVerdict = { readonly valid: true } | { readonly valid: false; readonly reason: string };

const valid: ProofVerdict = { valid: true };
const invalid = (reason: string): ProofVerdict => ({ valid: false, reason });
const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;
const badHash = (hashes: readonly Uint8Array[]) => hashes.findIndex((h) => h.length !== HASH_SIZE);

/**
 * RFC 9162 §2.1.3.2: whether `proof` shows that `leafHash` is leaf `index` of the tree of
 * `size` leaves whose root is `root`. Hashes of any other length than 32 bytes fail.
 */
export function verifyInclusion(index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): ProofVerdict {
  if (!isCount(index) || !isCount(size)) return invalid('the leaf index and tree size must be whole numbers');
  if (index >= size) return invalid(`leaf ${index} cannot be in a tree of ${size} leaves`);
  if (leafHash.length !== HASH_SIZE || root.length !== HASH_SIZE) return invalid('the leaf hash and the root must be 32 bytes');
  if (badHash(proof) >= 0) return invalid(`proof hash ${badHash(proof)} is not 32 bytes`);
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (sn === 0) return invalid('the proof has more hashes than the tree has levels');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  if (sn !== 0) return invalid('the proof has fewer hashes than the path to the root');
  return Buffer.from(r).equals(root) ? valid : invalid('the proof leads to another root: the leaf is not in the tree this root signs');
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows that the tree of `size1` leaves with root `root1`
 * is a prefix of the tree of `size2` leaves with root `root2`. As transparency-dev's verifier:
 * equal sizes need an empty proof and equal roots; a proof from the empty tree proves nothing
 * and is refused.
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): ProofVerdict {
  if (!isCount(size1) || !isCount(size2)) return invalid('tree sizes must be whole numbers');
  if (size2 < size1) return invalid(`a tree of ${size2} leaves cannot extend one of ${size1}`);
  if (size1 === 0) return invalid('a consistency proof from the empty tree proves nothing');
  if (size1 === size2) {
    if (proof.length > 0) return invalid('trees of the same size need an empty proof');
    return Buffer.from(root1).equals(root2) ? valid : invalid('two different roots for the same tree size: the log was rewritten');
  }
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) return invalid('roots must be 32 bytes');
  if (badHash(proof) >= 0) return invalid(`proof hash ${badHash(proof)} is not 32 bytes`);
  if (proof.length === 0) return invalid('the proof is empty');
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) [fn, sn] = [(fn - 1) / 2, Math.floor(sn / 2)];
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return invalid('the proof has more hashes than it needs');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  if (sn !== 0) return invalid('the proof has fewer hashes than it needs');
  if (!Buffer.from(fr).equals(root1)) return invalid(`the proof does not lead to the root of the ${size1}-leaf tree: that tree is not a prefix of this one`);
  if (!Buffer.from(sr).equals(root2))
    return invalid(`the proof does not lead to the root of the ${size2}-leaf tree: that tree does not extend the ${size1}-leaf one`);
  return valid;
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}
