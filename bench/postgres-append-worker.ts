import { PostgresEventStore } from '@ledger/event-store';
import { createPgPool } from '@ledger/postgres';
import { pool } from './support';
import { postgresBenchEvents } from './postgres-events';

/** A child process of postgres.bench.ts (d): appends its slice of the workload through the adapter. */
async function main(): Promise<void> {
  const [url, eventsText, streamsText, sliceText, slicesText, inFlightText] = process.argv.slice(2);
  const [slice, slices] = [Number(sliceText), Number(slicesText)];
  const all = postgresBenchEvents(Number(eventsText), Number(streamsText));
  const mine = all.filter((_, i) => i % slices === slice);
  const store = new PostgresEventStore({ pool: createPgPool({ connectionString: url, max: 4 }), endPoolOnClose: true });
  await store.headPosition();
  // Ready (compiled, workload made, connected): the bench starts its clock when every worker is.
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  await pool(mine, Number(inFlightText), ({ streamId, event }) => store.append(streamId, [event]));
  await store.close();
  process.stdout.write(`done ${mine.length}\n`);
  process.stdin.destroy();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
