import { BeforeApplicationShutdown, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type Database from 'better-sqlite3';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ErasureProcess, ErasureStates, ProjectionRunner } from '@ledger/projections';
import { IngestionModule } from '../ingestion/ingestion.module';
import { PROJECTIONS_DB } from '../projections/projections.tokens';
import { SubjectsModule } from '../subjects/subjects.module';
import { quarantineMessage } from '../projections/quarantine-message';
import { ErasureController } from './erasure.controller';
import { erasureShredder } from './erasure-shredder';
import { RequestErasureHandler } from './request-erasure.command';
import { RetentionSweeper } from './retention-sweeper';
import { ShredDueKeysHandler } from './shred-due-keys.command';
import { EFFECTS_LEASE, EffectsLease } from '../lease/effects-lease';
import { SubjectStreamState } from './subject-stream-state';

export const ERASURE_RUNNER = Symbol('ERASURE_RUNNER');

/** Crypto-shredding: the erasure request, the process that shreds keys when they fall due, and the retention sweep. */
@Module({
  imports: [IngestionModule, SubjectsModule],
  controllers: [ErasureController],
  providers: [
    { provide: ErasureStates, useFactory: (db: Database.Database) => new ErasureStates(db), inject: [PROJECTIONS_DB] },
    {
      provide: ErasureProcess,
      useFactory: (states: ErasureStates, commands: CommandBus) => new ErasureProcess(states, erasureShredder(commands)),
      inject: [ErasureStates, CommandBus],
    },
    SubjectStreamState,
    RequestErasureHandler,
    ShredDueKeysHandler,
    RetentionSweeper,
    {
      provide: ERASURE_RUNNER,
      useFactory: (store: EventStore, db: Database.Database, process: ErasureProcess) => {
        const logger = new Logger('Erasure');
        return new ProjectionRunner(store, db, [process], {
          onError: (_, error) => logger.error(`erasure process failed and will retry: ${(error as Error).message}`),
          onQuarantine: (name, e) => logger.error(quarantineMessage(name, e)),
        });
      },
      inject: [EVENT_STORE, PROJECTIONS_DB, ErasureProcess],
    },
  ],
  exports: [ERASURE_RUNNER],
})
export class ErasureModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(ERASURE_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(EFFECTS_LEASE) private readonly lease: EffectsLease,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // It shreds keys and writes their proofs: on one instance of a deployment at a time, the lease's holder.
    await this.lease.run({ name: 'the erasure process', start: () => this.runner.start(), stop: () => this.runner.stop() });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
