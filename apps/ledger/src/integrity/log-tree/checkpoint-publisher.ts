import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import type { LogTreeProgress } from '@ledger/transparency';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointTarget, LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { LogCheckpoints, SignedCheckpoint } from './log-checkpoints.service';
import { LOG_TREE_FOLLOWER } from './log-tree.tokens';

const PUBLISH_TIMEOUT_MS = 10_000;

/**
 * Witnessing: publishes a checkpoint to LEDGER_CHECKPOINT_PUBLISH — a directory (one file per
 * tree size, never overwritten: point it at WORM storage or another party's share) or an
 * http(s) endpoint (POSTed as text/plain) — at start and every
 * LEDGER_CHECKPOINT_INTERVAL_SECONDS, whenever the tree has grown. Once a checkpoint is kept
 * where the operator cannot rewrite it, every later state of the log must extend it, and
 * `ledger verify --since-checkpoint` proves that it does.
 */
@Injectable()
export class CheckpointPublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger('Checkpoints');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private publishedSize = 0;

  constructor(
    private readonly checkpoints: LogCheckpoints,
    @Inject(LOG_TREE_FOLLOWER) private readonly follower: LogTreeProgress,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.checkpointPublish) return;
    void this.trigger();
    this.timer = setInterval(() => void this.trigger(), this.config.checkpointIntervalSeconds * 1000);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a publication under way (the module calls it before the tree closes). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes unless a publication is under way; resolves when the current one is done. */
  trigger(): Promise<void> {
    this.running ??= this.publish()
      .catch((error) =>
        this.logger.error(`publishing the checkpoint failed, will retry in ${this.config.checkpointIntervalSeconds} s: ${(error as Error).message}`),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async publish(): Promise<void> {
    const target = this.config.checkpointPublish!;
    // The newest log the tree can reach soon, so a checkpoint taken at start covers what was recorded before.
    const head = (await this.store.headPosition())?.commit ?? 0;
    await this.follower.waitFor(head, 5000);
    const checkpoint = this.checkpoints.signed();
    if (checkpoint.size === 0 || checkpoint.size <= this.publishedSize) return;
    await (target.kind === 'directory' ? this.toDirectory(target.path, checkpoint) : this.toEndpoint(target, checkpoint));
    this.publishedSize = checkpoint.size;
    this.logger.log(`published the checkpoint of ${checkpoint.size} events to ${describe(target)}`);
  }

  private async toDirectory(dir: string, checkpoint: SignedCheckpoint): Promise<void> {
    try {
      await writeFile(join(dir, `checkpoint-${checkpoint.size}.txt`), checkpoint.note, { flag: 'wx', mode: 0o644 });
    } catch (error) {
      // Published before (by this process before a restart): published it stays.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }

  private async toEndpoint(target: Extract<CheckpointTarget, { kind: 'http' }>, checkpoint: SignedCheckpoint): Promise<void> {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: checkpoint.note,
      signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`${describe(target)} answered ${response.status}`);
  }
}

/** The target without any credentials its URL may carry. */
const describe = (target: CheckpointTarget): string => (target.kind === 'directory' ? target.path : new URL(target.url).origin + new URL(target.url).pathname);
