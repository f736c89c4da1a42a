import type { Command } from 'commander';
import { frozenClock, systemClock } from '@ledger/domain';
import { createEventStore, openKeyVault } from '@ledger/config';
import { reapplyErasures } from '@ledger/vault';
import { cliConfig } from '../cli-config';

/**
 * `vault reapply-erasures`: applies every SubjectDataShredded in the log to the key vault again
 * (the server does the same at start, from the vault's mark). After restoring a vault backup,
 * run it before anything reads the vault; with the embedded vault, stop the server first (it
 * keeps keys in memory).
 */
export function registerVault(program: Command): void {
  const vault = program.command('vault').description('the key vault: make it agree with the log');
  vault
    .command('reapply-erasures')
    .description("destroy again every key the log's SubjectDataShredded events say was destroyed (after restoring a vault backup)")
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = cliConfig();
      const clock = config.now ? frozenClock(config.now) : systemClock;
      const keys = await openKeyVault(config, clock);
      const store = createEventStore(config, clock);
      try {
        const result = await reapplyErasures(store, keys, { fromStart: true });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
          return;
        }
        process.stdout.write(
          `read ${result.eventsRead} event(s)${result.through ? ` through position ${result.through.commit}` : ''}: ${result.shreddings} shredding(s) in the log\n` +
            (result.reapplied.length
              ? `destroyed again (the vault still held them): ${result.reapplied.map((r) => `${r.subjectId} (${r.keyGroups.join(', ')})`).join('; ')}\n`
              : 'the vault already agreed with the log: nothing to destroy again\n'),
        );
      } finally {
        await keys.close();
        await store.close();
      }
    });
}
