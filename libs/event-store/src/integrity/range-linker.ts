import type { ChainProblem } from './integrity-problem';
import { problemPosition } from './integrity-problem';
import { RangeResult, linkProblem } from './range-checker';

export interface LinkedRanges {
  readonly events: number;
  readonly streams: number;
  /** The first problems in position order. */
  readonly problems: ChainProblem[];
  readonly problemCount: number;
}

/**
 * Joins ranges checked apart, in position order: each stream's first event in a range must
 * link to its last event in the ranges before (or, for the stream's very first event, to none).
 */
export function linkRanges(results: readonly RangeResult[], maxProblems = 1000): LinkedRanges {
  const last = new Map<string, { revision: number; hash: string }>();
  const problems: ChainProblem[] = [];
  let problemCount = 0;
  let events = 0;
  for (const result of [...results].sort((a, b) => a.from - b.from)) {
    events += result.events;
    problems.push(...result.problems);
    problemCount += result.problemCount;
    for (const [stream, span] of result.spans) {
      const prior = last.get(stream);
      const linked = prior ? span.firstPrevHash === prior.hash : span.firstPrevHash === null;
      const problem = linkProblem(stream, span.firstPosition, span.firstRevision, prior?.revision, linked);
      if (problem) {
        problems.push(problem);
        problemCount++;
      }
      last.set(stream, { revision: span.lastRevision, hash: span.lastHash });
    }
  }
  problems.sort((a, b) => problemPosition(a) - problemPosition(b));
  return { events, streams: last.size, problems: problems.slice(0, maxProblems), problemCount };
}
