import { Command } from '@nestjs/cqrs';
import type { Fact, FactRecorder } from '@ledger/domain';

/** Where a fact landed: its stream, revision and global position. */
export interface RecordedFact {
  id: string;
  stream: string;
  revision: number;
  position: number;
  subjectId?: string;
  /** True when this id was recorded before with the same content: nothing was written. */
  duplicate: boolean;
}

/** Record facts that passed validation; all of them or none. `recordedBy` goes into each fact's metadata. */
export class RecordFactsCommand extends Command<RecordedFact[]> {
  constructor(
    readonly facts: readonly Fact[],
    readonly recordedBy: FactRecorder,
  ) {
    super();
  }
}
