/** Something verify found wrong, with the place it found it. */
export type IntegrityProblem = ChainProblem | DigestProblem;

/** Found by recomputing the chains and the position sequence. */
export type ChainProblem =
  | { readonly kind: 'missing-positions'; readonly from: number; readonly to: number }
  | { readonly kind: 'altered-event'; readonly stream: string; readonly revision: number; readonly position: number }
  | { readonly kind: 'broken-link'; readonly stream: string; readonly revision: number; readonly position: number }
  | { readonly kind: 'missing-revisions'; readonly stream: string; readonly from: number; readonly to: number; readonly position: number }
  | { readonly kind: 'revision-out-of-order'; readonly stream: string; readonly revision: number; readonly after: number; readonly position: number };

/** Found by holding the ledger against a digest saved earlier. */
export type DigestProblem =
  | { readonly kind: 'bad-signature'; readonly reason: string }
  | { readonly kind: 'digest-heads-altered' }
  | { readonly kind: 'log-shortened'; readonly position: number; readonly last: number }
  | { readonly kind: 'stream-removed'; readonly stream: string; readonly revision: number }
  | { readonly kind: 'stream-truncated'; readonly stream: string; readonly committed: number; readonly now: number }
  | { readonly kind: 'stream-rewritten'; readonly stream: string; readonly revision: number }
  | { readonly kind: 'stream-grown'; readonly stream: string; readonly committed: number; readonly now: number }
  | { readonly kind: 'stream-inserted'; readonly stream: string; readonly revision: number }
  | { readonly kind: 'digest-mismatch'; readonly position: number };

/** Where a chain problem sits in the log, for reporting the first one first. */
export const problemPosition = (p: ChainProblem): number => (p.kind === 'missing-positions' ? p.from : p.position);

const range = (what: string, from: number, to: number) => (from === to ? `${what} ${from} is` : `${what}s ${from} to ${to} are`);

/** The problem in plain words, naming the stream and revision (or position). */
export function describeProblem(p: IntegrityProblem): string {
  switch (p.kind) {
    case 'missing-positions':
      return `${range('position', p.from, p.to)} missing from the log: ${p.from === p.to ? 'an event was' : `${p.to - p.from + 1} events were`} deleted`;
    case 'altered-event':
      return `stream ${p.stream}, revision ${p.revision} (position ${p.position}): the stored event does not match its hash; it was changed after it was recorded`;
    case 'broken-link':
      return p.revision === 0
        ? `stream ${p.stream}, revision 0 (position ${p.position}): links to a predecessor, but the first event of a stream has none`
        : `stream ${p.stream}, revision ${p.revision} (position ${p.position}): its link to revision ${p.revision - 1} is broken; the hash it records is not that event's hash`;
    case 'missing-revisions':
      return `stream ${p.stream}: ${range('revision', p.from, p.to)} missing (the stream continues at revision ${p.to + 1}, position ${p.position})`;
    case 'revision-out-of-order':
      return `stream ${p.stream}, revision ${p.revision} (position ${p.position}): comes after revision ${p.after}; revisions must follow one another`;
    case 'bad-signature':
      return `the digest's signature is not valid: ${p.reason}`;
    case 'digest-heads-altered':
      return "the digest's list of stream heads does not produce its signed root: the digest file was edited";
    case 'log-shortened':
      return `the digest covers positions up to ${p.position}, but the log now ends at position ${p.last}: events at its end were deleted`;
    case 'stream-removed':
      return `stream ${p.stream}: the digest committed to revision ${p.revision}, but the stream no longer exists`;
    case 'stream-truncated':
      return `stream ${p.stream}: the digest committed to revision ${p.committed}, but the stream now ends at revision ${p.now}; ${range('revision', p.now + 1, p.committed)} gone`;
    case 'stream-rewritten':
      return `stream ${p.stream}, revision ${p.revision}: differs from the event the digest committed to; the stream was rewritten at or before this revision`;
    case 'stream-grown':
      return `stream ${p.stream}: the digest committed to revision ${p.committed}, but the log up to the digest's position now holds revision ${p.now}; events were inserted into the past`;
    case 'stream-inserted':
      return `stream ${p.stream} (revision ${p.revision}) is in the log up to the digest's position, but the digest does not know it; it was inserted into the past`;
    case 'digest-mismatch':
      return `the stream heads at position ${p.position} no longer match the digest's root: something up to that position changed (a digest saved with its heads would name the stream)`;
  }
}
