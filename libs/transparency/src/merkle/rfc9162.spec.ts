import { createHash } from 'node:crypto';
import probes from './testdata/transparency-dev-probes.json';
import { CompactRange } from './compact-range';
import { EMPTY_ROOT, leafHash } from './hashes';
import { MemoryTree } from './memory-tree';
import { consistencyProof, inclusionProof, rootHash } from './proofs';
import { verifyConsistency, verifyInclusion } from './verify';

const hex = (h: string) => Buffer.from(h, 'hex');
const b64 = (h: string | null) => Buffer.from(h ?? '', 'base64');
const toHex = (hashes: readonly Buffer[]) => hashes.map((h) => h.toString('hex'));

/*
 * The RFC 6962 reference vectors as transparency-dev's merkle library tests with them:
 * leaf inputs, the roots of the trees of 0..8 of those leaves and every perfect subtree's hash
 * from testonly/constants.go; inclusion and consistency proofs from cmd/proofgen/main.go
 * (https://github.com/transparency-dev/merkle, commit 417fb0c, Apache-2.0, Copyright Google LLC).
 */
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];
/** proofgen's inclusion vectors: leaf index counted from 1 there, from 0 here. */
const INCLUSION: [index: number, size: number, proof: string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const CONSISTENCY: [size1: number, size2: number, proof: string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

/** RFC 9162 §2.1 taken literally, by recursion over the leaves: the reference the stored-tree code is held to. */
const memo = new Map<string, Buffer>();
const reference = {
  mth(leaves: readonly Buffer[]): Buffer {
    if (leaves.length === 0) return createHash('sha256').digest();
    if (leaves.length === 1) return leafHash(leaves[0]);
    // Only to keep the test quick: the same range is asked for many times.
    const key = `${leaves[0].toString('hex')}/${leaves.length}`;
    const known = memo.get(key);
    if (known) return known;
    const k = 2 ** Math.ceil(Math.log2(leaves.length) - 1);
    const hash = createHash('sha256')
      .update(Buffer.from([1]))
      .update(this.mth(leaves.slice(0, k)))
      .update(this.mth(leaves.slice(k)))
      .digest();
    memo.set(key, hash);
    return hash;
  },
  path(m: number, leaves: readonly Buffer[]): Buffer[] {
    if (leaves.length === 1) return [];
    const k = 2 ** Math.ceil(Math.log2(leaves.length) - 1);
    return m < k ? [...this.path(m, leaves.slice(0, k)), this.mth(leaves.slice(k))] : [...this.path(m - k, leaves.slice(k)), this.mth(leaves.slice(0, k))];
  },
  subproof(m: number, leaves: readonly Buffer[], b: boolean): Buffer[] {
    if (m === leaves.length) return b ? [] : [this.mth(leaves)];
    const k = 2 ** Math.ceil(Math.log2(leaves.length) - 1);
    return m <= k
      ? [...this.subproof(m, leaves.slice(0, k), b), this.mth(leaves.slice(k))]
      : [...this.subproof(m - k, leaves.slice(k), false), this.mth(leaves.slice(0, k))];
  },
};

describe('RFC 9162 Merkle tree', () => {
  const tree = MemoryTree.ofLeaves(LEAF_INPUTS);

  it('hashes the reference leaves and every perfect subtree as the reference vectors say', () => {
    NODE_HASHES.forEach((level, l) => expect(toHex(tree.nodes(level.map((_, index) => ({ level: l, index }))))).toEqual(level));
  });

  it('has the reference root for each of the trees of 0 to 8 leaves, grown one leaf at a time and computed from stored subtrees', () => {
    const growing = new CompactRange();
    expect(growing.root().toString('hex')).toBe(ROOTS[0]);
    expect(EMPTY_ROOT.toString('hex')).toBe(ROOTS[0]);
    LEAF_INPUTS.forEach((leaf, i) => {
      growing.append(leafHash(leaf));
      expect(growing.root().toString('hex')).toBe(ROOTS[i + 1]);
    });
    ROOTS.forEach((root, size) => expect(rootHash(size, tree).toString('hex')).toBe(root));
  });

  it.each(INCLUSION)('gives and accepts the reference inclusion proof of leaf %i in a tree of %i leaves', (index, size, proof) => {
    expect(toHex(inclusionProof(index, size, tree))).toEqual(proof);
    expect(verifyInclusion(index, size, leafHash(LEAF_INPUTS[index]), proof.map(hex), hex(ROOTS[size]))).toEqual({ valid: true });
  });

  it.each(CONSISTENCY)('gives and accepts the reference consistency proof from %i to %i leaves', (size1, size2, proof) => {
    if (size1 < size2) expect(toHex(consistencyProof(size1, size2, tree))).toEqual(proof);
    expect(verifyConsistency(size1, size2, proof.map(hex), hex(ROOTS[size1]), hex(ROOTS[size2]))).toEqual({ valid: true });
  });

  it(`judges transparency-dev's ${probes.inclusion.length} inclusion probes as they say (happy paths and corrupted proofs)`, () => {
    const wrong = probes.inclusion
      .map((p) => ({ p, verdict: verifyInclusion(p.leafIdx, p.treeSize, b64(p.leafHash), (p.proof ?? []).map(b64), b64(p.root)) }))
      .filter(({ p, verdict }) => verdict.valid === p.wantErr)
      .map(({ p }) => `${p.file}: ${p.desc}`);
    expect(wrong).toEqual([]);
    expect(probes.inclusion.filter((p) => !p.wantErr).length).toBeGreaterThan(5);
  });

  it(`judges transparency-dev's ${probes.consistency.length} consistency probes as they say`, () => {
    const wrong = probes.consistency
      .map((p) => ({ p, verdict: verifyConsistency(p.size1, p.size2, (p.proof ?? []).map(b64), b64(p.root1), b64(p.root2)) }))
      .filter(({ p, verdict }) => verdict.valid === p.wantErr)
      .map(({ p }) => `${p.file}: ${p.desc}`);
    expect(wrong).toEqual([]);
    expect(probes.consistency.filter((p) => !p.wantErr).length).toBeGreaterThan(5);
  });

  describe('against the RFC taken literally, on every tree up to 70 leaves', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => Buffer.from(`leaf ${i}`));
    const big = MemoryTree.ofLeaves(leaves);

    it('computes the same roots', () => {
      for (let size = 0; size <= leaves.length; size++) expect(rootHash(size, big).toString('hex')).toBe(reference.mth(leaves.slice(0, size)).toString('hex'));
    });

    // Mismatches are collected and compared once: jest's deep equality is slow on thousands of Buffers.
    it('gives the same inclusion proofs, each verifying, and none surviving a flipped bit', () => {
      const wrong: string[] = [];
      for (let size = 1; size <= leaves.length; size++) {
        const root = reference.mth(leaves.slice(0, size));
        for (let index = 0; index < size; index++) {
          const proof = inclusionProof(index, size, big);
          const at = `leaf ${index} of ${size}`;
          if (toHex(proof).join() !== toHex(reference.path(index, leaves.slice(0, size))).join()) wrong.push(`${at}: another proof`);
          if (!verifyInclusion(index, size, leafHash(leaves[index]), proof, root).valid) wrong.push(`${at}: refused`);
          if (proof.length) {
            const bad = proof.map((h) => Buffer.from(h));
            bad[index % bad.length][index % 32] ^= 1 << (index % 8);
            if (verifyInclusion(index, size, leafHash(leaves[index]), bad, root).valid) wrong.push(`${at}: a flipped bit accepted`);
          }
          if (size > 1 && verifyInclusion((index + 1) % size, size, leafHash(leaves[index]), proof, root).valid) wrong.push(`${at}: accepted at another index`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('gives the same consistency proofs, each verifying, and none surviving a flipped bit or another root', () => {
      const wrong: string[] = [];
      for (let size2 = 1; size2 <= leaves.length; size2++) {
        const root2 = reference.mth(leaves.slice(0, size2));
        for (let size1 = 1; size1 <= size2; size1++) {
          const root1 = reference.mth(leaves.slice(0, size1));
          const proof = consistencyProof(size1, size2, big);
          const at = `${size1} to ${size2}`;
          if (toHex(proof).join() !== toHex(reference.subproof(size1, leaves.slice(0, size2), true)).join()) wrong.push(`${at}: another proof`);
          if (!verifyConsistency(size1, size2, proof, root1, root2).valid) wrong.push(`${at}: refused`);
          if (proof.length) {
            const bad = proof.map((h) => Buffer.from(h));
            bad[size1 % bad.length][size2 % 32] ^= 0x80;
            if (verifyConsistency(size1, size2, bad, root1, root2).valid) wrong.push(`${at}: a flipped bit accepted`);
          }
          if (size1 < size2 && verifyConsistency(size1, size2, proof, root1, reference.mth(leaves.slice(0, size2 - 1))).valid)
            wrong.push(`${at}: another second root accepted`);
          if (size1 > 1 && verifyConsistency(size1, size2, proof, reference.mth(leaves.slice(0, size1 - 1)), root2).valid)
            wrong.push(`${at}: another first root accepted`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('completes each perfect subtree, once, when its last leaf is appended', () => {
      const completed: string[] = [];
      const range = new CompactRange();
      leaves.forEach((leaf, j) =>
        range.append(leafHash(leaf), (level, index, hash) => {
          expect((index + 1) * 2 ** level - 1).toBe(j);
          expect(hash).toEqual(big.nodes([{ level, index }])[0]);
          completed.push(`${level}/${index}`);
        }),
      );
      // A tree of n leaves holds 2n − popcount(n) perfect subtrees, the leaves included.
      expect(new Set(completed).size).toBe(2 * leaves.length - [...leaves.length.toString(2)].filter((bit) => bit === '1').length);
      expect(CompactRange.borderOf(70)).toEqual([
        { level: 6, index: 0 },
        { level: 2, index: 16 },
        { level: 1, index: 34 },
      ]);
    });
  });

  it('refuses proofs for leaves or sizes outside the tree', () => {
    expect(() => inclusionProof(8, 8, tree)).toThrow(RangeError);
    expect(() => consistencyProof(0, 8, tree)).toThrow(RangeError);
    expect(() => consistencyProof(5, 4, tree)).toThrow(RangeError);
    expect(() => rootHash(9, tree)).toThrow(RangeError);
  });
});
