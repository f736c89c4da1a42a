import { BadRequestException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionName, ReadModelName, ReadSide } from '@ledger/projections';

/** How long a read waits for its projections to reach a caller's own write. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

/** How long a read without `?minPosition=` waits for what was stored before it came; then it answers as things stand. */
export const CAUGHT_UP_WAIT_MS = 1000;

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
    const positions = this.runner
      .status()
      .filter((s) => (projections as readonly ProjectionName[]).includes(s.name))
      .map((s) => s.position);
    return positions.length ? Math.min(...positions) : 0;
  }

  async atLeast(projections: readonly ReadModelName[], minPosition: number | undefined): Promise<void> {
    if (minPosition === undefined) return this.caughtUp(projections);
    if (this.runner.reached(projections, minPosition)) return;
    const head = (await this.store.headPosition())?.commit ?? 0;
    if (minPosition > head) {
      throw new BadRequestException(`minPosition ${minPosition} is beyond the end of the log (${head})`);
    }
    if (!(await this.runner.waitFor(projections, minPosition, READ_YOUR_WRITES_TIMEOUT_MS))) {
      throw new ServiceUnavailableException(`the read models have not reached position ${minPosition} within ${READ_YOUR_WRITES_TIMEOUT_MS} ms; retry`);
    }
  }

  /**
   * The erasure process has folded what the log held when the caller came (waiting briefly):
   * the shredding that log makes due has been asked for (ErasureProcess.settled waits for it).
   */
  async erasureCaughtUp(): Promise<void> {
    const head = (await this.store.headPosition())?.commit ?? 0;
    if (this.runner.reached(['erasure-process'], head)) return;
    await this.runner.waitFor(['erasure-process'], head, CAUGHT_UP_WAIT_MS);
  }

  /**
   * A read without `?minPosition=` waits, briefly, for what the log held when it came: the read
   * models fold beside the answers (each in its own turn of the event loop, or in a worker), so
   * a caller who reads after its write acknowledged finds it without naming the position.
   */
  private async caughtUp(projections: readonly ReadModelName[]): Promise<void> {
    const head = (await this.store.headPosition())?.commit ?? 0;
    if (this.runner.reached(projections, head)) return;
    await this.runner.waitFor(projections, head, CAUGHT_UP_WAIT_MS);
  }
}
