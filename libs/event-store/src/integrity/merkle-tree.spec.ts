import { createHash } from 'node:crypto';
import { merkleLeafHash, merkleNodeHash, merkleRoot } from './merkle-tree';

// The RFC 6962 test vectors of Certificate Transparency: leaves and the root of the first n.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
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

/** RFC 6962 section 2.1 as written: split at the largest power of two smaller than n. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return merkleLeafHash(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return merkleNodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

describe('merkleRoot (RFC 6962)', () => {
  it.each(ROOTS.map((root, n) => [n, root]))('gives the Certificate Transparency root for the first %i test leaves', (n, root) => {
    expect(merkleRoot(LEAVES.slice(0, n as number)).toString('hex')).toBe(root);
  });

  it('agrees with the recursive definition for every size up to 70', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => Buffer.from(`leaf ${i}`));
    for (let n = 0; n <= leaves.length; n++) expect(merkleRoot(leaves.slice(0, n))).toEqual(referenceRoot(leaves.slice(0, n)));
  });

  it('separates leaves from nodes, so a node cannot pass as a leaf', () => {
    const [a, b] = [Buffer.from('a'), Buffer.from('b')];
    const node = Buffer.concat([merkleLeafHash(a), merkleLeafHash(b)]);
    expect(merkleRoot([node])).not.toEqual(merkleRoot([a, b]));
  });

  it('changes when any leaf changes, and when leaves change places', () => {
    const leaves = LEAVES.slice(1);
    const root = merkleRoot(leaves).toString('hex');
    const edited = leaves.map((l, i) => (i === 4 ? Buffer.from('41414243', 'hex') : l));
    expect(merkleRoot(edited).toString('hex')).not.toBe(root);
    const swapped = [leaves[1], leaves[0], ...leaves.slice(2)];
    expect(merkleRoot(swapped).toString('hex')).not.toBe(root);
  });
});
