import { BadRequestException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import type { LogTreeProgress } from '@ledger/transparency';
import { READ_YOUR_WRITES_TIMEOUT_MS } from '../../projections/freshness.service';
import { LOG_TREE_FOLLOWER } from './log-tree.tokens';

/** Read-your-writes for the log tree: `?minPosition=` waits until the tree includes that log position. */
@Injectable()
export class LogTreeFreshness {
  constructor(
    @Inject(LOG_TREE_FOLLOWER) private readonly follower: LogTreeProgress,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async atLeast(minPosition: number | undefined): Promise<void> {
    if (minPosition === undefined || this.follower.reached(minPosition)) return;
    const head = (await this.store.headPosition())?.commit ?? 0;
    if (minPosition > head) throw new BadRequestException(`minPosition ${minPosition} is beyond the end of the log (${head})`);
    if (!(await this.follower.waitFor(minPosition, READ_YOUR_WRITES_TIMEOUT_MS))) {
      throw new ServiceUnavailableException(`the log tree has not reached position ${minPosition} within ${READ_YOUR_WRITES_TIMEOUT_MS} ms; retry`);
    }
  }
}
