import { generateApiKey } from '@ledger/access';
import type { Fact } from '@ledger/domain';
import { spawnLedger, type LedgerProcess } from '../test/support/ledger-process';
import { scratchDir, remove } from './support';

/**
 * Ledger processes on LEDGER_EVENT_STORE=postgres sharing one database, each with a data
 * directory of its own, started together (they migrate one after the other) with the same
 * bootstrap admin key.
 */
export async function startPostgresLedgers(databaseUrl: string, instances: number): Promise<{ ledgers: LedgerProcess[]; stop(): Promise<void> }> {
  const dirs = Array.from({ length: instances }, (_, i) => scratchDir(`pg-http-${i}`));
  // One admin key for all: the keys are in the database they share, and the first to start creates it.
  const adminKey = generateApiKey();
  const ledgers = await Promise.all(
    dirs.map((dir) =>
      spawnLedger({
        LEDGER_EVENT_STORE: 'postgres',
        LEDGER_DATABASE_URL: databaseUrl,
        LEDGER_DATA_DIR: dir,
        LEDGER_LOG_LEVEL: 'error',
        LEDGER_RATE_LIMIT: '100000000',
        LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey,
      }),
    ),
  );
  return {
    ledgers,
    async stop() {
      await Promise.all(ledgers.map((l) => l.kill('SIGTERM')));
      dirs.forEach(remove);
    },
  };
}

/**
 * Sends the facts as POST /v1/events/batch of `batchSize`, `clientsPerLedger` clients on each
 * ledger taking the next batch as they finish one (so load follows each instance's pace). The
 * first batch goes alone: it holds the breaches the later facts link to.
 */
export async function ingestOverHttp(ledgers: LedgerProcess[], facts: readonly Fact[], batchSize: number, clientsPerLedger: number): Promise<void> {
  const batches: Fact[][] = [];
  for (let i = 0; i < facts.length; i += batchSize) batches.push(facts.slice(i, i + batchSize));
  const send = async (ledger: LedgerProcess, batch: Fact[]) => {
    const res = await fetch(`${ledger.url}/v1/events/batch`, {
      method: 'POST',
      headers: { ...ledger.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ events: batch }),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`batch answered ${res.status}: ${text.slice(0, 500)}`);
  };
  await send(ledgers[0], batches[0]);
  let next = 1;
  await Promise.all(
    ledgers.flatMap((ledger) =>
      Array.from({ length: clientsPerLedger }, async () => {
        while (next < batches.length) await send(ledger, batches[next++]);
      }),
    ),
  );
}
