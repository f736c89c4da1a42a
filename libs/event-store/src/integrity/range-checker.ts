import type { ChainProblem } from './integrity-problem';

/**
 * A stream's first and last event within a checked range of positions: enough to check the
 * links between ranges checked apart (by worker threads), see linkRanges.
 */
export interface StreamSpan {
  readonly firstPosition: number;
  readonly firstRevision: number;
  /** Hex, or null when the event records no predecessor. */
  readonly firstPrevHash: string | null;
  readonly lastRevision: number;
  readonly lastHash: string;
}

/** What checking one range of positions found. */
export interface RangeResult {
  readonly from: number;
  readonly to: number;
  readonly events: number;
  /** The first problems found, in position order (at most `maxProblems`). */
  readonly problems: ChainProblem[];
  readonly problemCount: number;
  readonly spans: Map<string, StreamSpan>;
}

interface SpanState {
  firstPosition: number;
  firstRevision: number;
  firstPrevHash: string | null;
  lastRevision: number;
  lastHash: string;
}

/**
 * Checks the events of one range of positions [from, to], fed in position order: every
 * position present, each event's stored hash equal to the hash recomputed over its stored
 * bytes, and, inside the range, each event linked to the previous event of its stream (the
 * next revision, recording that event's hash). How a stream's first event in the range links
 * to what came before is left to linkRanges.
 *
 * Hashes are hex strings: retaining one Buffer per stream costs far more in garbage collection.
 */
export class RangeChecker {
  private next: number;
  private events = 0;
  private problemCount = 0;
  private readonly problems: ChainProblem[] = [];
  private readonly streams = new Map<string, SpanState>();

  constructor(
    private readonly from: number,
    private readonly to: number,
    private readonly maxProblems = 1000,
  ) {
    this.next = from;
  }

  /** One stored event; `intact` says its stored hash equals the hash recomputed over its stored bytes. */
  add(position: number, stream: string, revision: number, prevHash: string | null, hash: string, intact: boolean): void {
    this.events++;
    if (position !== this.next) this.report({ kind: 'missing-positions', from: this.next, to: position - 1 });
    this.next = position + 1;
    if (!intact) this.report({ kind: 'altered-event', stream, revision, position });
    const span = this.streams.get(stream);
    if (!span) {
      this.streams.set(stream, { firstPosition: position, firstRevision: revision, firstPrevHash: prevHash, lastRevision: revision, lastHash: hash });
      return;
    }
    const problem = linkProblem(stream, position, revision, span.lastRevision, prevHash === span.lastHash);
    if (problem) this.report(problem);
    span.lastRevision = revision;
    span.lastHash = hash;
  }

  finish(): RangeResult {
    if (this.next <= this.to) this.report({ kind: 'missing-positions', from: this.next, to: this.to });
    return { from: this.from, to: this.to, events: this.events, problems: this.problems, problemCount: this.problemCount, spans: this.streams };
  }

  private report(problem: ChainProblem): void {
    this.problemCount++;
    if (this.problems.length < this.maxProblems) this.problems.push(problem);
  }
}

/**
 * How an event links to the previous event of its stream (revision `prior`, undefined when it
 * is the stream's first): the next revision, and `linked` says it records that event's hash
 * (for a first event: that it records none).
 */
export function linkProblem(stream: string, position: number, revision: number, prior: number | undefined, linked: boolean): ChainProblem | undefined {
  const expected = prior === undefined ? 0 : prior + 1;
  if (revision > expected) return { kind: 'missing-revisions', stream, from: expected, to: revision - 1, position };
  if (revision < expected) return { kind: 'revision-out-of-order', stream, revision, after: prior!, position };
  if (!linked) return { kind: 'broken-link', stream, revision, position };
  return undefined;
}
