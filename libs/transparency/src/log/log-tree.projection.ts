import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { LOG_TREE_TABLES } from './sqlite-log-tree-schema';
import { SqliteLogTreeWriter, SqliteLogTreeWriterOptions } from './sqlite-log-tree';

/**
 * The log tree as a follower of the log: every event, in log order, becomes the next leaf, so
 * leaf indexes are consecutive on every store (EventStoreDB's positions are not). Run by a
 * ProjectionRunner, it writes its leaves and its checkpoint in one transaction; rebuilt from
 * the same log it gives the same tree, hash for hash.
 */
export class LogTreeProjection implements Projection {
  readonly name = 'log-tree';
  readonly version = 1;
  readonly tables = LOG_TREE_TABLES;
  private writer!: SqliteLogTreeWriter;

  constructor(private readonly options: SqliteLogTreeWriterOptions = {}) {}

  setup(db: Database.Database): void {
    this.writer = new SqliteLogTreeWriter(db, this.options);
  }

  apply(events: readonly RecordedEvent[]): void {
    this.writer.append(events);
  }

  discardUncommitted(): void {
    this.writer.reload();
  }
}
