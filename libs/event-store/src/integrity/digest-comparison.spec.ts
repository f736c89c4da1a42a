import { createHash } from 'node:crypto';
import { compareWithDigest } from './digest-comparison';
import { DIGEST_FORMAT, SignedDigest, headsRoot, ledgerDigest } from './ledger-digest';
import type { StreamHead } from './stream-head';

const h = (s: string) => createHash('sha256').update(s).digest('hex');
const HEADS: StreamHead[] = [
  { stream: 'subject-a', revision: 2, hash: h('a2') },
  { stream: 'breach-B-1', revision: 0, hash: h('b0') },
  { stream: 'subject-c', revision: 5, hash: h('c5') },
];
const signature = { algorithm: 'Ed25519' as const, keyId: 'k', value: '' };
const saved = (heads?: StreamHead[]): SignedDigest => ({ digest: ledgerDigest(HEADS, 42, '2025-01-01T00:00:00.000Z'), signature, heads });
const replace = (stream: string, head: StreamHead | undefined) => [...HEADS.filter((x) => x.stream !== stream), ...(head ? [head] : [])];

describe('ledgerDigest', () => {
  it('commits to the heads in any order, and states the position and stream count', () => {
    const digest = ledgerDigest(HEADS, 42, '2025-01-01T00:00:00.000Z');
    expect(digest).toEqual({ format: DIGEST_FORMAT, position: 42, streams: 3, root: headsRoot([...HEADS].reverse()), issuedAt: '2025-01-01T00:00:00.000Z' });
  });
});

describe('compareWithDigest', () => {
  it('finds nothing when every committed head is unchanged (with or without the heads in the digest)', () => {
    expect(compareWithDigest(saved(HEADS), [...HEADS].reverse())).toEqual([]);
    expect(compareWithDigest(saved(), HEADS)).toEqual([]);
  });

  it('names a stream cut short at its tail', () => {
    expect(compareWithDigest(saved(HEADS), replace('subject-c', { stream: 'subject-c', revision: 3, hash: h('c3') }))).toEqual([
      { kind: 'stream-truncated', stream: 'subject-c', committed: 5, now: 3 },
    ]);
  });

  it('names a stream rewritten with consistent hashes', () => {
    expect(compareWithDigest(saved(HEADS), replace('subject-a', { stream: 'subject-a', revision: 2, hash: h('forged') }))).toEqual([
      { kind: 'stream-rewritten', stream: 'subject-a', revision: 2 },
    ]);
  });

  it('names a stream that is gone, one that grew into the past, and one inserted into the past', () => {
    const now = [
      ...replace('breach-B-1', undefined).filter((x) => x.stream !== 'subject-a'),
      { stream: 'subject-a', revision: 4, hash: h('a4') },
      { stream: 'subject-z', revision: 0, hash: h('z0') },
    ];
    expect(compareWithDigest(saved(HEADS), now)).toEqual([
      { kind: 'stream-grown', stream: 'subject-a', committed: 2, now: 4 },
      { kind: 'stream-removed', stream: 'breach-B-1', revision: 0 },
      { kind: 'stream-inserted', stream: 'subject-z', revision: 0 },
    ]);
  });

  it('without the heads, can only say that something changed', () => {
    expect(compareWithDigest(saved(), replace('subject-c', undefined))).toEqual([{ kind: 'digest-mismatch', position: 42 }]);
  });

  it('does not trust heads that do not produce the signed root', () => {
    const edited = HEADS.map((x) => (x.stream === 'subject-a' ? { ...x, hash: h('forged') } : x));
    // The file's heads were edited to match a forged ledger: the root still tells the truth.
    expect(compareWithDigest(saved(edited), edited)).toEqual([{ kind: 'digest-heads-altered' }, { kind: 'digest-mismatch', position: 42 }]);
    expect(compareWithDigest(saved(edited), HEADS)).toEqual([{ kind: 'digest-heads-altered' }]);
  });
});
