import { LedgerClient } from '@privacy-ledger/client';
import { randomInt, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignupService, SYSTEM } from './signup-service';

/**
 * Runs the example service against a ledger: a customer signs up, their address goes to the
 * mailing processor, and they export their data. See the README, "Sending facts from a service".
 *
 *   LEDGER_API_KEY=plk_… npm run example:service
 *
 * LEDGER_URL (http://localhost:3000), LEDGER_OUTBOX (a file in the temp directory) and
 * CUSTOMER_ID (a random one) are optional.
 */
async function main(): Promise<void> {
  const apiKey = process.env.LEDGER_API_KEY;
  if (!apiKey) {
    console.error('LEDGER_API_KEY is not set: give the admin key the ledger printed, or an emitter key for the system "signup-service"');
    process.exit(2);
  }
  const ledger = new LedgerClient({
    url: process.env.LEDGER_URL ?? 'http://localhost:3000',
    apiKey,
    system: SYSTEM,
    outbox: process.env.LEDGER_OUTBOX ?? join(tmpdir(), 'privacy-ledger-examples', 'signup-service-outbox.db'),
    onRejected: ({ fact, error }) => console.error(`the ledger refused ${fact.type} ${fact.id}: ${error.message}`),
    onRetry: (failure, attempt, delayMs) => console.error(`ledger unavailable (${failure.message}); retry ${attempt} in ${delayMs} ms`),
  });
  // A service stops gracefully: what the ledger has not acknowledged yet stays in the outbox for the next start.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void ledger.close().finally(() => process.exit(0)));

  const service = new SignupService(ledger);
  const customerId = process.env.CUSTOMER_ID ?? `C-${randomInt(100_000, 999_999)}`;
  await service.signUp({ customerId, email: `${customerId.toLowerCase()}@example.nl`, name: 'Jan Jansen', newsletter: true });
  await service.shareWithMailer(customerId);
  const exported = await service.exportData(customerId, { requestId: `R-${customerId}`, receivedAt: new Date(), jobId: randomUUID() });
  await ledger.flush(30_000);
  console.log(JSON.stringify({ customerId, subjectId: exported.subjectId, exported, client: ledger.status() }, null, 2));
  await ledger.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
