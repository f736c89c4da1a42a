import { BeforeApplicationShutdown, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { EVENT_STORE, EventStore, SqliteEventStore, openSqlite } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { LogTreeProgress, LogTreeProjection, SqliteLogTreeReader, WorkerLogTreeFollower, createLogTreeTables, sqliteEventLookup } from '@ledger/transparency';
import { SIGNING_KEY_RING } from '@ledger/vault';
import { dataFile, LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { CheckpointController } from './checkpoint.controller';
import { checkpointOrigin } from './checkpoint-origin';
import { CheckpointPublisher } from './checkpoint-publisher';
import { ErasureReceiptController } from './erasure-receipt.controller';
import { ErasureReceipts } from './erasure-receipts.service';
import { LogCheckpoints } from './log-checkpoints.service';
import { LogProofsController } from './log-proofs.controller';
import { LogProofs } from './log-proofs.service';
import { LogTreeFreshness } from './log-tree-freshness';
import { CHECKPOINT_ORIGIN, LOG_TREE, LOG_TREE_DB, LOG_TREE_FOLLOWER } from './log-tree.tokens';

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
      useFactory: (config: LedgerConfig) => {
        const db = openSqlite(dataFile(config, 'log-tree.db'), { synchronous: 'NORMAL' });
        createLogTreeTables(db);
        return db;
      },
      inject: [LEDGER_CONFIG],
    },
    {
      provide: LOG_TREE_FOLLOWER,
      useFactory: (store: EventStore, db: Database.Database, config: LedgerConfig): LogTreeProgress => {
        const logger = new Logger('LogTree');
        const onError = (error: Error) => logger.error(`the log tree failed and will retry: ${error.message}`);
        // The embedded store: a worker thread reads what leaves need and hashes them, off the request thread.
        if (store instanceof SqliteEventStore) {
          return new WorkerLogTreeFollower({ eventsFile: dataFile(config, 'events.db'), treeFile: dataFile(config, 'log-tree.db'), onError });
        }
        // Elsewhere the tree follows the store's subscription, keeping its own index of event ids.
        const runner = new ProjectionRunner(store, db, [new LogTreeProjection({ indexEventIds: true })], { onError: (_, error) => onError(error as Error) });
        return {
          start: () => runner.start(),
          stop: () => runner.stop(),
          reached: (commit) => runner.reached(['log-tree'], commit),
          waitFor: (commit, timeoutMs) => runner.waitFor(['log-tree'], commit, timeoutMs),
        };
      },
      inject: [EVENT_STORE, LOG_TREE_DB, LEDGER_CONFIG],
    },
    {
      provide: LOG_TREE,
      // The embedded store finds events by id itself; elsewhere the tree's own index does.
      useFactory: (store: EventStore, db: Database.Database) =>
        new SqliteLogTreeReader(db, store instanceof SqliteEventStore ? sqliteEventLookup(store.database) : undefined),
      inject: [EVENT_STORE, LOG_TREE_DB],
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
    @Inject(LOG_TREE_FOLLOWER) private readonly follower: LogTreeProgress,
    @Inject(LOG_TREE_DB) private readonly db: Database.Database,
    private readonly publisher: CheckpointPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  /** Before any module closes: the follower still reads the store. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.publisher.stop();
    await this.follower.stop();
  }

  onApplicationShutdown(): void {
    this.db.close();
  }
}
