import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { EVENT_STORE, EventStore, SqliteEventStore, openSqlite } from '@ledger/event-store';
import { ProjectionName, ProjectionRunner, READ_MODEL_NAMES, ReadModels, ReadSide, RegisterPages, WorkerReadSide, allProjections } from '@ledger/projections';
import { dataFile, LEDGER_CONFIG, LedgerConfig, loadComplianceRules } from '@ledger/config';
import { Freshness } from './freshness.service';
import { quarantineMessage } from './quarantine-message';
import { PROJECTIONS_DB } from './projections.tokens';

/**
 * The read side: the projections database, what keeps it up with the log (one reader of the
 * log for every read model and the erasure process, which ErasureModule adds), and the queries
 * over it. A ProjectionRunner folds them in this thread; on the embedded store with
 * LEDGER_READ_SIDE_THREAD=worker they fold in a worker thread (WorkerReadSide), so the thread
 * that serves HTTP keeps its core. Projections start when the application has started and stop
 * before the store closes.
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
      provide: ReadSide,
      useFactory: async (store: EventStore, db: Database.Database, config: LedgerConfig): Promise<ReadSide<ProjectionName>> => {
        const logger = new Logger('Projections');
        const rules = loadComplianceRules(config);
        const onError = (name: string, error: unknown) => logger.error(`projection ${name} failed and will retry: ${(error as Error).message}`);
        const onQuarantine = (name: string, e: Parameters<typeof quarantineMessage>[1]) => logger.error(quarantineMessage(name, e));
        if (store instanceof SqliteEventStore && config.readSideThread === 'worker') {
          const worker = new WorkerReadSide(
            {
              eventsFile: dataFile(config, 'events.db'),
              projectionsFile: dataFile(config, 'projections.db'),
              accountRetentionMonths: config.accountRetentionMonths,
              rules,
              onError,
              onQuarantine,
            },
            READ_MODEL_NAMES,
          );
          // Each commit wakes it, so a fact is folded as soon as it is stored, not at the next poll.
          store.onAppended(() => worker.wake());
          // Its tables exist before the first query.
          await worker.open();
          return worker;
        }
        // In this thread: one projection's batch per turn of the event loop, so requests are not held up by all of them at once.
        return new ProjectionRunner<ProjectionName>(store, db, allProjections({ accountRetentionMonths: config.accountRetentionMonths, rules }), {
          onError,
          onQuarantine,
          turnPerProjection: true,
        });
      },
      inject: [EVENT_STORE, PROJECTIONS_DB, LEDGER_CONFIG],
    },
    { provide: ReadModels, useFactory: (db: Database.Database) => new ReadModels(db), inject: [PROJECTIONS_DB] },
    { provide: RegisterPages, useFactory: (db: Database.Database) => new RegisterPages(db), inject: [PROJECTIONS_DB] },
    Freshness,
  ],
  exports: [PROJECTIONS_DB, ReadSide, ReadModels, RegisterPages, Freshness],
})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly readSide: ReadSide<ProjectionName>,
    @Inject(PROJECTIONS_DB) private readonly db: Database.Database,
  ) {}

  onApplicationBootstrap(): void {
    this.readSide.start();
  }

  /** Before any module closes: the read side still reads the store (and its erasure process appends). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.readSide.stop();
  }

  onApplicationShutdown(): void {
    this.db.close();
  }
}
