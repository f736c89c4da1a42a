import { LedgerClient } from '@privacy-ledger/client';

/**
 * A service that records facts through the client with its outbox on, as fast as it can, for
 * the test that kills it mid-stream (test/client-outbox-crash.e2e-spec.ts). Fact n is a
 * ConsentGiven with consentRef `ref-<n>`, so the test can count each one in the log. It
 * prints `recorded <n>` once fact n is on disk, and `status <acknowledged> <pending>` as it goes.
 * It stays at most AHEAD facts ahead of what the ledger acknowledged, so however fast the disk
 * and however slow a loaded machine, the kill lands while facts are still being recorded.
 */
const AHEAD = 1500;
async function main(): Promise<void> {
  const count = Number(process.env.FACTS);
  const client = new LedgerClient({
    url: process.env.LEDGER_URL!,
    apiKey: process.env.LEDGER_API_KEY!,
    system: 'outbox-crash',
    outbox: process.env.OUTBOX!,
    batch: { maxSize: 200, intervalMs: 50 },
  });
  const timer = setInterval(() => {
    const { acknowledged, pending } = client.status();
    process.stdout.write(`status ${acknowledged} ${pending}\n`);
  }, 10);
  let next = 0;
  const writer = async () => {
    while (next < count) {
      while (client.status().acknowledged < next - AHEAD) await new Promise((r) => setTimeout(r, 5));
      if (next >= count) break;
      // Taken and recorded in one turn, so facts are recorded in the order of their numbers.
      const n = next++;
      await client.consentGiven({ subject: client.subject(`S-${n % 200}`), data: { purpose: 'newsletter', consentRef: `ref-${n}` } });
      process.stdout.write(`recorded ${n}\n`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, writer));
  await client.close();
  clearInterval(timer);
  process.stdout.write('done\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
