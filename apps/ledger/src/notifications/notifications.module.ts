import { BeforeApplicationShutdown, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type { Clock } from '@ledger/domain';
import { EVENT_STORE, EventStore, openSqlite } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { dataFile, LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { CLOCK } from '../infrastructure/clock';
import { quarantineMessage } from '../projections/quarantine-message';
import { FindingWatch } from './finding-watch';
import { EFFECTS_LEASE, EffectsLease } from '../lease/effects-lease';
import { EXCHANGE_TARGET, NotificationDispatcher, webhookTarget } from './notification-dispatcher';

export const NOTIFICATIONS_DB = Symbol('NOTIFICATIONS_DB');
export const NOTIFICATIONS_RUNNER = Symbol('NOTIFICATIONS_RUNNER');

/** Whether anything is to be told: webhooks, or a broker to publish to. */
const enabled = (config: LedgerConfig): boolean => config.notifications.webhooks.length > 0 || config.broker !== undefined;

/**
 * Notifications out (issue 14): the outbox fed from the log by FindingWatch, with its own
 * checkpoint in a database of its own (notifications.db, fully synchronous: it holds what was
 * promised to receivers), and the dispatcher that delivers it to webhooks and the broker
 * exchange. Idle when neither is configured.
 */
@Module({
  providers: [
    {
      provide: NOTIFICATIONS_DB,
      useFactory: (config: LedgerConfig) => (enabled(config) ? openSqlite(dataFile(config, 'notifications.db')) : null),
      inject: [LEDGER_CONFIG],
    },
    {
      provide: NotificationDispatcher,
      useFactory: (config: LedgerConfig, db: Database.Database | null) =>
        db
          ? new NotificationDispatcher(db, {
              webhooks: config.notifications.webhooks,
              secret: config.notifications.secret,
              ...(config.broker ? { exchange: { url: config.broker.url, name: config.notifications.exchange } } : {}),
            })
          : null,
      inject: [LEDGER_CONFIG, NOTIFICATIONS_DB],
    },
    {
      provide: FindingWatch,
      useFactory: (config: LedgerConfig, clock: Clock, dispatcher: NotificationDispatcher | null) =>
        new FindingWatch(
          {
            accountRetentionMonths: config.accountRetentionMonths,
            breachLeadHours: config.notifications.breachLeadHours,
            requestLeadDays: config.notifications.requestLeadDays,
            targets: [...config.notifications.webhooks.map(webhookTarget), ...(config.broker ? [EXCHANGE_TARGET] : [])],
            clock,
          },
          () => dispatcher?.notify(),
        ),
      inject: [LEDGER_CONFIG, CLOCK, NotificationDispatcher],
    },
    {
      provide: NOTIFICATIONS_RUNNER,
      useFactory: (store: EventStore, db: Database.Database | null, watch: FindingWatch) => {
        if (!db) return null;
        const logger = new Logger('Notifications');
        return new ProjectionRunner(store, db, [watch], {
          onError: (_, error) => logger.error(`the notifications outbox failed and will retry: ${(error as Error).message}`),
          onQuarantine: (name, e) => logger.error(quarantineMessage(name, e)),
        });
      },
      inject: [EVENT_STORE, NOTIFICATIONS_DB, FindingWatch],
    },
  ],
  exports: [NOTIFICATIONS_RUNNER, NotificationDispatcher],
})
export class NotificationsModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private scanner?: NodeJS.Timeout;

  constructor(
    @Inject(NOTIFICATIONS_RUNNER) private readonly runner: ProjectionRunner | null,
    @Inject(NotificationDispatcher) private readonly dispatcher: NotificationDispatcher | null,
    @Inject(NOTIFICATIONS_DB) private readonly db: Database.Database | null,
    private readonly watch: FindingWatch,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EFFECTS_LEASE) private readonly lease: EffectsLease,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { runner, dispatcher } = this;
    if (!runner || !dispatcher) return;
    // Webhooks and the exchange are told by one instance of a deployment at a time, the lease's holder.
    await this.lease.run({
      name: 'the notifications outbox',
      start: () => this.startOutbox(runner, dispatcher),
      stop: async () => {
        if (this.scanner) clearInterval(this.scanner);
        this.scanner = undefined;
        await runner.stop();
        await dispatcher.stop();
      },
    });
  }

  private startOutbox(runner: ProjectionRunner, dispatcher: NotificationDispatcher): void {
    runner.start();
    dispatcher.start();
    // What time alone changes (a finding becomes visible, a deadline comes near), looked at on a schedule.
    const scan = () => {
      try {
        this.watch.scan();
      } catch (error) {
        new Logger('Notifications').error(`scanning findings for due dates failed: ${(error as Error).message}`);
      }
    };
    this.scanner = setInterval(scan, this.config.notifications.scanSeconds * 1000);
    this.scanner.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scanner) clearInterval(this.scanner);
    await this.runner?.stop();
    await this.dispatcher?.stop();
  }

  onApplicationShutdown(): void {
    this.db?.close();
  }
}
