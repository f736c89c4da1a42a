import Database from 'better-sqlite3';
import { SqliteEventStore, openSqlite } from '@ledger/event-store';
import { ErasureProcess, ErasureStates, ProjectionName, ProjectionRunner, allProjections } from '@ledger/projections';
import { REBUILD_BATCH } from '../apps/ledger-cli/src/commands/rebuild.command';
import { timed } from './support';

/** The reference for a rebuild: read and decode every row of the log once, what one reader must do at the least. */
export async function rawReadAndParse(eventsFile: string): Promise<{ rows: number; seconds: number }> {
  const raw = new Database(eventsFile, { readonly: true });
  try {
    const { seconds, result } = await timed(() => {
      let n = 0;
      for (const row of raw.prepare('SELECT data, metadata FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
        n += 1;
      }
      return n;
    });
    return { rows: result, seconds };
  } finally {
    raw.close();
  }
}

/** Every read model and the erasure process rebuilt from zero into `projectionsFile`, in one reading of the log (as `ledger rebuild` does). */
export async function rebuildEverything(eventsFile: string, projectionsFile: string): Promise<{ seconds: number }> {
  const store = new SqliteEventStore({ file: eventsFile });
  const db = openSqlite(projectionsFile, { synchronous: 'NORMAL' });
  try {
    const runner = new ProjectionRunner<ProjectionName>(store, db, allProjections({ accountRetentionMonths: 24 }), { batchSize: REBUILD_BATCH });
    runner.add(new ErasureProcess(new ErasureStates(db), async () => undefined));
    return { seconds: (await timed(() => runner.rebuild())).seconds };
  } finally {
    db.close();
    await store.close();
  }
}
