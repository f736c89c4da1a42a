import { Module, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type Database from 'better-sqlite3';
import { ErasureProcess, ErasureStates, ProjectionName, ProjectionRunner, ReadSide, WorkerReadSide } from '@ledger/projections';
import { IngestionModule } from '../ingestion/ingestion.module';
import { PROJECTIONS_DB } from '../projections/projections.tokens';
import { SubjectsModule } from '../subjects/subjects.module';
import { ErasureController } from './erasure.controller';
import { erasureShredder } from './erasure-shredder';
import { RequestErasureHandler } from './request-erasure.command';
import { RetentionSweeper } from './retention-sweeper';
import { ShredDueKeysHandler } from './shred-due-keys.command';
import { SubjectStreamState } from './subject-stream-state';
import { EFFECTS_LEASE, EffectsLease } from '../lease/effects-lease';

/** Crypto-shredding: the erasure request, the process that shreds keys when they fall due, and the retention sweep. */
@Module({
  imports: [IngestionModule, SubjectsModule],
  controllers: [ErasureController],
  providers: [
    { provide: ErasureStates, useFactory: (db: Database.Database) => new ErasureStates(db), inject: [PROJECTIONS_DB] },
    {
      provide: ErasureProcess,
      // Every instance folds the erasure workflow (its state stays current); only the lease's holder shreds.
      useFactory: (states: ErasureStates, commands: CommandBus, lease: EffectsLease) => new ErasureProcess(states, erasureShredder(commands, lease)),
      inject: [ErasureStates, CommandBus, EFFECTS_LEASE],
    },
    SubjectStreamState,
    RequestErasureHandler,
    ShredDueKeysHandler,
    RetentionSweeper,
  ],
})
export class ErasureModule implements OnModuleInit {
  constructor(
    private readonly readSide: ReadSide<ProjectionName>,
    private readonly process: ErasureProcess,
  ) {}

  /**
   * The erasure process folds the log beside the read models, from the same reader
   * (ProjectionsModule starts and stops it). In a worker thread the worker folds with its own
   * and asks this one to shred: the commands that append the proof live in this thread.
   */
  onModuleInit(): void {
    if (this.readSide instanceof WorkerReadSide) this.readSide.shredWith(this.process);
    else if (this.readSide instanceof ProjectionRunner) this.readSide.add(this.process);
  }
}
