import { BadRequestException } from '@nestjs/common';
import type { Problem } from '@ledger/domain';

/** One problem with a request, located by its path (and, in a batch, the item's index). */
export interface ProblemDetail extends Problem {
  index?: number;
}

/** 400 naming every problem; thrown before anything is written. */
export class InvalidInputException extends BadRequestException {
  constructor(
    readonly problems: ProblemDetail[],
    summary = summarise(problems),
  ) {
    super(summary);
  }
}

function summarise(problems: ProblemDetail[]): string {
  const items = new Set(problems.filter((p) => p.index !== undefined).map((p) => p.index));
  const first = problems[0];
  const where = (p: ProblemDetail) => `${p.index !== undefined ? `events[${p.index}].` : ''}${p.path}`;
  const lead = first ? `${where(first)} ${first.message}` : 'invalid input';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return items.size > 0 ? `${items.size} invalid event${items.size > 1 ? 's' : ''}: ${lead}${more}` : `${lead}${more}`;
}
