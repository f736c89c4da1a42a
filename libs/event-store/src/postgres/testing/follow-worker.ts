import { createPgPool } from '@ledger/postgres';
import { PostgresEventStore } from '../postgres-event-store';

/**
 * A child process of postgres-global-order.spec.ts: follows the log's catch-up subscription from
 * the start and prints one line per message, `caught-up` or `<position> <event id>`, until it
 * is killed. Usage: follow-worker <databaseUrl>
 */
async function main(): Promise<void> {
  const [url] = process.argv.slice(2);
  const store = new PostgresEventStore({ pool: createPgPool({ connectionString: url, max: 2 }), endPoolOnClose: true });
  for await (const message of store.subscribeToAll()) {
    if (message.kind === 'event') process.stdout.write(`${message.event.position.commit} ${message.event.id}\n`);
    else if (message.kind === 'caught-up') process.stdout.write('caught-up\n');
  }
}

main().catch((error: Error) => {
  process.stderr.write(`follow-worker: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
