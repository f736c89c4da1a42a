// First: nothing loaded after this can change what every object inherits.
import '@ledger/config/freeze-prototype';
import { Command } from 'commander';
import { CLI_COMMANDS } from './commands';

/** `npm run ledger -- <command>`: operator tools that work on the ledger's data directory. */
async function main(): Promise<void> {
  const program = new Command('ledger')
    .description('privacy-ledger operator commands (configured by the same environment as the server)')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of CLI_COMMANDS) register(program);
  await program.parseAsync(process.argv);
}

main().catch((error: Error) => {
  process.stderr.write(`ledger: ${error.message}\n`);
  process.exit(process.exitCode && process.exitCode !== 0 ? process.exitCode : 1);
});
