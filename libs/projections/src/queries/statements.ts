import type Database from 'better-sqlite3';

/** Prepared statements of the read models' queries, shared by them all: prepared once per distinct query. */
export class Statements {
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** Preparing costs more than most of these lookups. */
  sql(query: string): Database.Statement {
    let statement = this.prepared.get(query);
    if (!statement) this.prepared.set(query, (statement = this.db.prepare(query)));
    return statement;
  }
}
