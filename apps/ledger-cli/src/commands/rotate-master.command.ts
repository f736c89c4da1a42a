import type { Command } from 'commander';
import { frozenClock, systemClock } from '@ledger/domain';
import { openKeyVault } from '@ledger/config';
import { rotateMasterKey } from '@ledger/vault';
import { cliConfig } from '../cli-config';

/**
 * `keys rotate-master`: rewraps every data key under a new master key while the ledger serves
 * (libs/vault/src/rotation/rotate-master-key.ts). Interrupted, it is run again and finishes.
 */
export function registerRotateMaster(keys: Command): void {
  keys
    .command('rotate-master')
    .description('rewrap every data key under a new master key (the ledger keeps serving; run it again if it was interrupted)')
    .option('--batch-size <n>', 'keys rewrapped per transaction', (v) => Number.parseInt(v, 10), 500)
    .option('--pause-ms <ms>', 'pause between batches, to go easy on a busy database', (v) => Number.parseInt(v, 10), 0)
    .option('--json', 'print the result as JSON')
    .action(async (options: { batchSize: number; pauseMs: number; json?: boolean }) => {
      if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
        process.exitCode = 2;
        throw new Error('--batch-size must be a whole number of at least 1');
      }
      if (!Number.isInteger(options.pauseMs) || options.pauseMs < 0) {
        process.exitCode = 2;
        throw new Error('--pause-ms must be a whole number of milliseconds');
      }
      const config = cliConfig();
      const clock = config.now ? frozenClock(config.now) : systemClock;
      const result = await rotateMasterKey({
        dataDir: config.dataDir,
        configuredKey: config.masterKey,
        configuredNextKey: config.masterKeyNext,
        openVault: (ring) => openKeyVault(config, clock, ring),
        batchSize: options.batchSize,
        pauseMs: options.pauseMs,
        onProgress: ({ rewrapped, total }) => process.stderr.write(`rewrapped ${rewrapped} of ${total} key(s)\n`),
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      if (!result.retiredFile) {
        process.stdout.write(
          `every key is wrapped by master key ${result.to} now (${result.rewrapped} rewrapped by this run); ${result.from} wraps none.\n` +
            'Make LEDGER_MASTER_KEY the value of LEDGER_MASTER_KEY_NEXT, drop LEDGER_MASTER_KEY_NEXT and restart the ledgers one by one;\n' +
            'then destroy the old key in your secret store, and make a new backup of the vault (older backups still open with the old key only)\n',
        );
        return;
      }
      process.stdout.write(
        `master key ${result.from} replaced by ${result.to}: ${result.rewrapped} key(s) rewrapped by this run; master.key holds the new key\n` +
          `the old key is in ${result.retiredFile}: once every ledger reads the new one (they pick it up by themselves), take it offline or destroy it,\n` +
          'and make a new backup of the vault (older backups still open with the old key only)\n',
      );
    });
}
