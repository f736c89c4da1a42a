import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, FactRecorder, RETENTION_POLICY_CHANNEL, hasErasure, isAccountRetentionFinding, retentionErasureRequestId } from '@ledger/domain';
import { ErasureProcess, ErasureStates, ReadModels } from '@ledger/projections';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { CLOCK } from '../infrastructure/clock';
import { RequestErasureCommand } from './request-erasure.command';
import { EFFECTS_LEASE, EffectsLease } from '../lease/effects-lease';

/** What the erasures the sweep starts say recorded them. */
const BY_RETENTION_SWEEP: FactRecorder = { kind: 'ledger', process: 'retention-sweep' };

/**
 * Time-driven erasure: shreds retained key groups whose legal retention has ended, re-checks
 * erasures the process may have left half done, and — when LEDGER_AUTO_ERASURE is on —
 * starts the erasure of accounts whose retention period has passed. Runs at start and then
 * every LEDGER_SWEEP_INTERVAL_SECONDS.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly states: ErasureStates,
    private readonly process: ErasureProcess,
    private readonly readModels: ReadModels,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EFFECTS_LEASE) private readonly lease: EffectsLease,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Its effects (shredding, starting erasures) belong to the instance holding the lease; a new
    // holder sweeps at once, finishing what the old one may have left half done.
    await this.lease.run({
      name: 'the retention sweep',
      start: () => {
        void this.trigger();
        this.timer = setInterval(() => void this.trigger(), this.config.sweepIntervalSeconds * 1000);
        this.timer.unref();
      },
      stop: async () => {
        clearInterval(this.timer);
        await this.running;
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a sweep unless one is running; resolves when the current one is done. */
  trigger(): Promise<void> {
    if (!this.lease.holds) return this.running ?? Promise.resolve();
    this.running ??= this.sweep()
      .catch((error) => this.logger.error(`sweep failed: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweep(): Promise<void> {
    const now = this.clock.now();
    for (const subjectId of this.states.dueBy(now)) await this.process.shred(subjectId);
    if (!this.config.autoErasure) return;
    const overdue = this.readModels.findings({ now, status: 'open', rule: 'retention-passed' }).filter((f) => f.subjectId && isAccountRetentionFinding(f));
    for (const finding of overdue) {
      const kept = this.states.load(finding.subjectId!);
      if (kept && hasErasure(kept.state)) continue;
      await this.commands.execute(
        new RequestErasureCommand(finding.subjectId!, retentionErasureRequestId(finding.dueAt), RETENTION_POLICY_CHANNEL, BY_RETENTION_SWEEP),
      );
      this.logger.log(`subject ${finding.subjectId}: retention passed on ${finding.dueAt.slice(0, 10)}; erasure started`);
    }
  }
}
