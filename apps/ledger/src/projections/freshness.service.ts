import { BadRequestException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionName, ReadModelName, ReadSide } from '@ledger/projections';

/** How long a read waits for its projections to reach a caller's own write. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

/**
 * Read-your-writes: a caller who passes `?minPosition=` (the position its append returned)
 * gets an answer only once the projections behind the query have applied the log that far.
 */
@Injectable()
export class Freshness {
  constructor(
    private readonly runner: ReadSide<ProjectionName>,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * The log position the named read models all include: what an answer read from them now
   * reflects (documents state it). Read with the data, in the same turn of the event loop.
   */
  positionOf(projections: readonly ReadModelName[]): number {
    const positions = this.runner.status().filter((s) => (projections as readonly ProjectionName[]).includes(s.name)).map((s) => s.position);
    return positions.length ? Math.min(...positions) : 0;
  }

  async atLeast(projections: readonly ReadModelName[], minPosition: number | undefined): Promise<void> {
    if (minPosition === undefined) return;
    if (this.runner.reached(projections, minPosition)) return;
    const head = (await this.store.headPosition())?.commit ?? 0;
    if (minPosition > head) {
      throw new BadRequestException(`minPosition ${minPosition} is beyond the end of the log (${head})`);
    }
    if (!(await this.runner.waitFor(projections, minPosition, READ_YOUR_WRITES_TIMEOUT_MS))) {
      throw new ServiceUnavailableException(
        `the read models have not reached position ${minPosition} within ${READ_YOUR_WRITES_TIMEOUT_MS} ms; retry`,
      );
    }
  }
}
