import type { Command } from 'commander';
import { frozenClock, systemClock } from '@ledger/domain';
import { SigningKeyRing } from '@ledger/vault';
import { cliConfig } from '../cli-config';

/**
 * `keys rotate-signing`: retires the current signing key and starts a new one, both recorded in
 * signing-keys.json with their periods. A running ledger signs with the new key from its next
 * signature; what the old key signed keeps verifying against the published key set.
 */
export function registerRotateSigning(keys: Command): void {
  keys
    .command('rotate-signing')
    .description('start a new signing key (digests, summaries, checkpoints, receipts); the old one is retired, and stays published')
    .option('--json', 'print the retired and the new key as JSON')
    .action((options: { json?: boolean }) => {
      const config = cliConfig();
      const clock = config.now ? frozenClock(config.now) : systemClock;
      const { retired, started } = SigningKeyRing.inDirectory(config.dataDir).rotate(clock.now());
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ retired, started })}\n`);
        return;
      }
      process.stdout.write(
        `retired signing key ${retired.keyId} at ${retired.validUntil}\n` +
          `new signing key ${started.keyId} (${started.file}) signs from now on\n` +
          'Publish the new key set: GET /v1/keys/signing lists both keys. Give it to whoever verifies what the ledger signs;\n' +
          `the old public key is still needed for what it signed. Its private key (${retired.file}) is no longer used and may be moved offline.\n`,
      );
    });
}
