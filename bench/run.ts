import { cpus, totalmem } from 'node:os';
import { clientBench } from './client.bench';
import { consoleBench } from './console.bench';
import { csvExportBench } from './csv-export.bench';
import { digestBench } from './digest.bench';
import { brokerBench } from './broker.bench';
import { e2eBench } from './e2e.bench';
import { checkpointBench } from './checkpoint.bench';
import { erasureBench } from './erasure.bench';
import { hostileBatchBench } from './hostile-batch.bench';
import { ingestBench } from './ingest.bench';
import { postgresBench } from './postgres.bench';
import { projectionsBench } from './projections.bench';
import { vaultBench } from './vault.bench';
import { readSideBench } from './read-side.bench';
import { verifyBench } from './verify.bench';

/** `npm run bench [-- name…]`: runs the named benchmarks, or all of them. */
const BENCHES: Record<string, () => Promise<unknown>> = {
  ingest: () => ingestBench(Number(process.env.BENCH_EVENTS ?? 200_000), Number(process.env.BENCH_SUBJECTS ?? 50_000)),
  erasure: () => erasureBench(),
  e2e: () => e2eBench(),
  projections: () => projectionsBench(Number(process.env.BENCH_LOG_EVENTS ?? 1_000_000), Number(process.env.BENCH_LOG_SUBJECTS ?? 100_000)),
  'read-side': () =>
    readSideBench(
      Number(process.env.BENCH_READ_SIDE_EVENTS ?? 100_000),
      Number(process.env.BENCH_READ_SIDE_SUBJECTS ?? 10_000),
      Number(process.env.BENCH_READ_SIDE_BURST ?? 50_000),
    ),
  verify: () => verifyBench(Number(process.env.BENCH_VERIFY_EVENTS ?? 1_000_000)),
  client: () => clientBench(Number(process.env.BENCH_CLIENT_FACTS ?? 10_000), Number(process.env.BENCH_CLIENT_SUBJECTS ?? 5_000)),
  postgres: () =>
    postgresBench(
      Number(process.env.BENCH_PG_EVENTS ?? 100_000),
      Number(process.env.BENCH_PG_STREAMS ?? 25_000),
      Number(process.env.BENCH_PG_HTTP_FACTS ?? 20_000),
      Number(process.env.BENCH_PG_HTTP_SUBJECTS ?? 5_000),
    ),
  hostile: () => hostileBatchBench(),
  vault: () => vaultBench(Number(process.env.BENCH_VAULT_SUBJECTS ?? 20_000), Number(process.env.BENCH_VAULT_BATCH ?? 500)),
  console: () => consoleBench(Number(process.env.BENCH_CONSOLE_EVENTS ?? 100_000), Number(process.env.BENCH_CONSOLE_SUBJECTS ?? 10_000)),
  broker: () => brokerBench(Number(process.env.BENCH_BROKER_EVENTS ?? 20_000), Number(process.env.BENCH_BROKER_SUBJECTS ?? 5_000)),
  'csv-export': () => csvExportBench(Number(process.env.BENCH_EXPORT_FINDINGS ?? 100_000)),
  digest: () => digestBench(Number(process.env.BENCH_DIGEST_STREAMS ?? 100_000)),
  checkpoint: () =>
    checkpointBench(
      Number(process.env.BENCH_CHECKPOINT_EVENTS ?? 100_000),
      Number(process.env.BENCH_CHECKPOINT_SUBJECTS ?? 25_000),
      Number(process.env.BENCH_TREE_EVENTS ?? 1_000_000),
      Number(process.env.BENCH_CHECKPOINT_ROUNDS ?? 3),
    ),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB`);
  for (const name of names) await BENCHES[name]();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
