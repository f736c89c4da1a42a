import { createPgPool } from '@ledger/postgres';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../postgres-event-store';

/**
 * A child process of postgres-global-order.spec.ts: appends `count` events as fast as it can,
 * `inFlight` appends at a time, mixing single appends with two-stream appendMany calls, then
 * prints `done <n>` and exits. Usage: append-worker <databaseUrl> <label> <count> <inFlight>
 */
async function main(): Promise<void> {
  const [url, label, countText, inFlightText] = process.argv.slice(2);
  const count = Number(countText);
  const inFlight = Number(inFlightText);
  const store = new PostgresEventStore({ pool: createPgPool({ connectionString: url, max: 4 }), endPoolOnClose: true });
  let next = 0;
  let written = 0;
  const event = (i: number) => ({ id: randomUUID(), type: 'Raced', data: { writer: label, i } });
  await Promise.all(
    Array.from({ length: inFlight }, async (_, lane) => {
      while (next < count) {
        const i = next;
        if (i % 5 === 4 && i + 1 < count) {
          next += 2;
          await store.appendMany([
            { streamId: `race-${label}-${lane}`, events: [event(i)] },
            { streamId: `race-shared-${i % 7}`, events: [event(i + 1)] },
          ]);
          written += 2;
        } else {
          next += 1;
          await store.append(`race-${label}-${i % 13}`, [event(i)]);
          written += 1;
        }
      }
    }),
  );
  await store.close();
  process.stdout.write(`done ${written}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`append-worker: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
