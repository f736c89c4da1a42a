import { BeforeApplicationShutdown, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { EVENT_STORE, EventStore, SqliteEventStore, openSqlite } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { LogTreeProjection, SqliteLogTreeReader, sqliteEventLookup } from '@ledger/transparency';
import { SIGNING_KEY_RING } from '@ledger/vault';
import { dataFile } from '../../config/data-files';
import { LEDGER_CONFIG, LedgerConfig } from '../../config/ledger-config';
import { CheckpointController } from './checkpoint.controller';
import { checkpointOrigin } from './checkpoint-origin';
import { CheckpointPublisher } from './checkpoint-publisher';
import { ErasureReceiptController } from './erasure-receipt.controller';
import { ErasureReceipts } from './erasure-receipts.service';
import { LogCheckpoints } from './log-checkpoints.service';
import { LogProofsController } from './log-proofs.controller';
import { LogProofs } from './log-proofs.service';
import { LogTreeFreshness } from './log-tree-freshness';
import { CHECKPOINT_ORIGIN, LOG_TREE, LOG_TREE_DB, LOG_TREE_RUNNER } from './log-tree.tokens';

/**
 * The log tree (RFC 9162) over every event in log order, kept in log-tree.db by a follower of
 * the log; signed checkpoints, inclusion and consistency proofs, erasure receipts, and the
 * publication of checkpoints for witnesses.
 */
@Module({
  controllers: [CheckpointController, LogProofsController, ErasureReceiptController],
  providers: [
    {
      provide: LOG_TREE_DB,
      // Rebuildable from the log, to the same hashes: NORMAL sync is enough.
      useFactory: (config: LedgerConfig) => openSqlite(dataFile(config, 'log-tree.db'), { synchronous: 'NORMAL' }),
      inject: [LEDGER_CONFIG],
    },
    {
      provide: LOG_TREE_RUNNER,
      useFactory: (store: EventStore, db: Database.Database) => {
        const logger = new Logger('LogTree');
        // The embedded store finds events by id itself; on EventStoreDB the tree keeps its own index.
        const projection = new LogTreeProjection({ indexEventIds: !(store instanceof SqliteEventStore) });
        return new ProjectionRunner(store, db, [projection], {
          onError: (_, error) => logger.error(`the log tree failed and will retry: ${(error as Error).message}`),
        });
      },
      inject: [EVENT_STORE, LOG_TREE_DB],
    },
    {
      provide: LOG_TREE,
      useFactory: (store: EventStore, db: Database.Database, _runner: ProjectionRunner) =>
        new SqliteLogTreeReader(db, store instanceof SqliteEventStore ? sqliteEventLookup(store.database) : undefined),
      // After the runner, which creates the tables.
      inject: [EVENT_STORE, LOG_TREE_DB, LOG_TREE_RUNNER],
    },
    { provide: CHECKPOINT_ORIGIN, useFactory: checkpointOrigin, inject: [LEDGER_CONFIG, SIGNING_KEY_RING] },
    LogCheckpoints,
    LogProofs,
    LogTreeFreshness,
    ErasureReceipts,
    CheckpointPublisher,
  ],
  exports: [CHECKPOINT_ORIGIN],
})
export class LogTreeModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(LOG_TREE_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(LOG_TREE_DB) private readonly db: Database.Database,
    private readonly publisher: CheckpointPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  /** Before any module closes: the runner still reads the store. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.publisher.stop();
    await this.runner.stop();
  }

  onApplicationShutdown(): void {
    this.db.close();
  }
}
