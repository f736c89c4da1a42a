// First: nothing loaded after this can change what every object inherits.
import '@ledger/config/freeze-prototype';
import { createLedgerApp } from './bootstrap';
import { loadLedgerConfig } from '@ledger/config';

async function main(): Promise<void> {
  const config = loadLedgerConfig(process.env);
  const app = await createLedgerApp(config);
  await app.listen(config.port, '0.0.0.0');
}

main().catch((error: Error) => {
  process.stderr.write(`privacy-ledger failed to start: ${error.message}\n`);
  process.exit(1);
});
