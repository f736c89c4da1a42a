import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { EVENT_STORE, EventStore, openSqlite } from '@ledger/event-store';
import { ProjectionRunner, ReadModels, RegisterPages, allProjections } from '@ledger/projections';
import { dataFile, LEDGER_CONFIG, LedgerConfig, loadComplianceRules } from '@ledger/config';
import { Freshness } from './freshness.service';
import { quarantineMessage } from './quarantine-message';
import { PROJECTIONS_DB } from './projections.tokens';

/**
 * The read side: the projections database, the runner that keeps it up with the log, and the
 * queries over it. Projections start when the application has started and stop before the
 * store closes.
 */
@Global()
@Module({
  providers: [
    {
      provide: PROJECTIONS_DB,
      // Rebuildable from the log: NORMAL sync is enough, a lost tail is re-applied from the checkpoint.
      useFactory: (config: LedgerConfig) => openSqlite(dataFile(config, 'projections.db'), { synchronous: 'NORMAL' }),
      inject: [LEDGER_CONFIG],
    },
    {
      provide: ProjectionRunner,
      useFactory: (store: EventStore, db: Database.Database, config: LedgerConfig) => {
        const logger = new Logger('Projections');
        return new ProjectionRunner(store, db, allProjections({ accountRetentionMonths: config.accountRetentionMonths, rules: loadComplianceRules(config) }), {
          onError: (name, error) => logger.error(`projection ${name} failed and will retry: ${(error as Error).message}`),
          onQuarantine: (name, e) => logger.error(quarantineMessage(name, e)),
        });
      },
      inject: [EVENT_STORE, PROJECTIONS_DB, LEDGER_CONFIG],
    },
    { provide: ReadModels, useFactory: (db: Database.Database) => new ReadModels(db), inject: [PROJECTIONS_DB] },
    { provide: RegisterPages, useFactory: (db: Database.Database) => new RegisterPages(db), inject: [PROJECTIONS_DB] },
    Freshness,
  ],
  exports: [PROJECTIONS_DB, ProjectionRunner, ReadModels, RegisterPages, Freshness],
})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(PROJECTIONS_DB) private readonly db: Database.Database,
  ) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  /** Before any module closes: the runner still reads the store. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  onApplicationShutdown(): void {
    this.db.close();
  }
}
