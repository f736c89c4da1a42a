import type { DigestProblem } from './integrity-problem';
import { SignedDigest, headsRoot } from './ledger-digest';
import type { StreamHead } from './stream-head';

/**
 * Holds the ledger's stream heads as of a digest's position against what the digest committed
 * to. With the digest's heads (and they match its root) every changed stream is named; without
 * them only the root can be compared. The signature is checked separately.
 */
export function compareWithDigest(signed: SignedDigest, current: readonly StreamHead[]): DigestProblem[] {
  const { digest, heads } = signed;
  const rootNow = headsRoot(current);
  const trusted = heads !== undefined && headsRoot(heads) === digest.root;
  const problems: DigestProblem[] = heads !== undefined && !trusted ? [{ kind: 'digest-heads-altered' }] : [];
  if (rootNow === digest.root) return problems;
  if (!trusted) return [...problems, { kind: 'digest-mismatch', position: digest.position }];

  const now = new Map(current.map((h) => [h.stream, h]));
  for (const committed of heads!) {
    const head = now.get(committed.stream);
    now.delete(committed.stream);
    if (!head) problems.push({ kind: 'stream-removed', stream: committed.stream, revision: committed.revision });
    else if (head.revision < committed.revision)
      problems.push({ kind: 'stream-truncated', stream: committed.stream, committed: committed.revision, now: head.revision });
    else if (head.revision > committed.revision)
      problems.push({ kind: 'stream-grown', stream: committed.stream, committed: committed.revision, now: head.revision });
    else if (head.hash !== committed.hash) problems.push({ kind: 'stream-rewritten', stream: committed.stream, revision: committed.revision });
  }
  for (const head of now.values()) problems.push({ kind: 'stream-inserted', stream: head.stream, revision: head.revision });
  return problems;
}
