import { Command } from 'commander';
import type Database from 'better-sqlite3';
import { openSqlite } from '@ledger/event-store';
import { allProjections, ErasureProcess, ErasureStates, ProjectionRunner } from '@ledger/projections';
import { systemClock } from '@ledger/domain';
import { createEventStore, dataFile, loadComplianceRules } from '@ledger/config';
import { cliConfig } from '../cli-config';
import { progressOnStderr } from '../progress';

/** Events folded per transaction while rebuilding: large, so each subject's state is written once per many of its events. */
export const REBUILD_BATCH = 20_000;

/**
 * The erasure workflow's memory, rebuilt like a read model. It shreds nothing here: the
 * server's retention sweep, at its start, shreds what the rebuilt state says is due.
 */
const erasureProcessForRebuild = (db: Database.Database): ErasureProcess => new ErasureProcess(new ErasureStates(db), async () => undefined);

/**
 * `rebuild [names…]`: drops read models (and the events they set aside) and folds the whole
 * log again, all of them from one reading of the log. Stop the server first.
 */
export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild projections from zero (all, or the named ones); stop the server first')
    .argument('[names...]', 'projections to rebuild')
    .action(async (names: string[]) => {
      const config = cliConfig();
      const store = createEventStore(config, systemClock);
      const db = openSqlite(dataFile(config, 'projections.db'), { synchronous: 'NORMAL' });
      const runner = new ProjectionRunner(
        store,
        db,
        [...allProjections({ accountRetentionMonths: config.accountRetentionMonths, rules: loadComplianceRules(config) }), erasureProcessForRebuild(db)],
        { batchSize: REBUILD_BATCH },
      );
      try {
        const known = (name: string): name is (typeof runner.names)[number] => (runner.names as string[]).includes(name);
        const unknown = names.filter((n) => !known(n));
        if (unknown.length) throw new Error(`unknown projection ${unknown.join(', ')}; known: ${runner.names.join(', ')}`);
        const selected = names.length ? names.filter(known) : runner.names;
        const head = (await store.headPosition())?.commit ?? 0;
        // One reading of the log for all of them (the runner's one reader): each event read and parsed once.
        const started = Date.now();
        const progress = progressOnStderr(selected.join(', '));
        const reached = new Map<string, number>();
        await runner.rebuild(selected, (name, commit) => {
          reached.set(name, commit);
          progress.update(Math.min(...selected.map((n) => reached.get(n) ?? 0)), head);
        });
        progress.stop();
        const seconds = (Date.now() - started) / 1000;
        for (const name of selected) {
          process.stdout.write(
            `${name}: rebuilt to position ${head} in ${seconds.toFixed(1)} s (${Math.round(head / Math.max(seconds, 0.001)).toLocaleString('en')} events/s, with ${selected.length - 1} other(s) in one reading of the log)\n`,
          );
          const status = runner.status().find((s) => s.name === name)!;
          if (status.quarantined > 0) {
            process.exitCode = 1;
            process.stderr.write(`${name}: ${status.quarantined} event(s) still cannot be folded and were set aside:\n`);
            for (const f of status.failures) process.stderr.write(`  position ${f.position}  ${f.type} ${f.eventId}: ${f.error}\n`);
          }
        }
      } finally {
        db.close();
        await store.close();
      }
    });
}
