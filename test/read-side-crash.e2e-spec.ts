import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '@ledger/access';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../apps/ledger-cli/src/demo/hostinghuis-scenario';
import { workload } from '../bench/workload';
import { eventually } from './support/eventually';
import { runCli } from './support/ledger-cli';
import { LedgerProcess, spawnLedger } from './support/ledger-process';
import { tempDataDir } from './support/ledger-server';
import { dumpProjections } from './support/projection-dump';

interface Readiness {
  status: string;
  head: number;
  readModels: { name: string; position: number; lag: number }[];
}

const readiness = async (ledger: LedgerProcess): Promise<Readiness> =>
  (await fetch(`${ledger.url}/health/ready`, { headers: ledger.auth })).json() as Promise<Readiness>;

/** The checkpoints as the killed process left them on disk: what the restart resumes from. */
function storedCheckpoints(dataDir: string): Record<string, number> {
  const db = new Database(join(dataDir, 'projections.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT name, commit_position FROM projection_checkpoints').all() as { name: string; commit_position: number | null }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.commit_position ?? 0]));
  } finally {
    db.close();
  }
}

/**
 * The read side is crash-safe: a real ledger process is killed with SIGKILL while its read
 * models are folding a large burst (behind the log, mid-batch), restarted on the same files,
 * and once it has caught up every read model (and the erasure process's state) equals what a
 * rebuild from zero makes of the same log — nothing applied twice, nothing skipped.
 */
describe.each(['main', 'worker'])('read side (in the %s thread) across a SIGKILL mid-batch', (thread) => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resumes every read model from its own checkpoint to the state a rebuild makes', async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey(), LEDGER_NOW: SCENARIO_NOW, LEDGER_READ_SIDE_THREAD: thread };
    const first = await spawnLedger(env);
    const post = async (events: unknown[]) => {
      const res = await fetch(`${first.url}/v1/events/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...first.auth },
        body: JSON.stringify({ events }),
      });
      expect({ status: res.status, body: res.status === 201 ? undefined : await res.text() }).toEqual({ status: 201, body: undefined });
    };
    // Every kind of fact (erasures, breaches, registers), then a burst over many subjects.
    for (let i = 0; i < HOSTINGHUIS_SCENARIO.length; i += 50) await post(HOSTINGHUIS_SCENARIO.slice(i, i + 50));
    const burst = workload(60_000, 3_000, 11);
    // The first thousand alone: it detects the breaches that later facts link subjects to.
    await post(burst.slice(0, 1_000));
    let behind: Readiness | undefined;
    for (let sent = 1_000; sent < burst.length && !behind;) {
      // A round of 10,000 in batches of 1,000, four at a time: the read side falls behind the log.
      const round = burst.slice(sent, sent + 10_000);
      sent += round.length;
      for (let i = 0; i < round.length; i += 4_000) {
        await Promise.all(
          [0, 1, 2, 3]
            .map((k) => round.slice(i + k * 1_000, i + (k + 1) * 1_000))
            .filter((b) => b.length)
            .map(post),
        );
      }
      const now = await readiness(first);
      if (now.readModels.some((m) => m.position > 0 && m.lag > 0)) behind = now;
    }
    expect(behind).toBeDefined();
    await first.kill('SIGKILL');

    // Killed behind the log: at least one read model's stored checkpoint is short of the head.
    const head = behind!.head;
    const checkpoints = storedCheckpoints(dataDir);
    expect(Object.values(checkpoints).some((p) => p < head)).toBe(true);

    const second = await spawnLedger(env);
    try {
      await eventually(
        async () => {
          const now = await readiness(second);
          return now.status === 'ready' && now.head >= head && now.readModels.every((m) => m.lag === 0) ? true : undefined;
        },
        'the read side to catch up after the restart',
        120_000,
      );
    } finally {
      await second.kill('SIGTERM');
    }
    const incremental = dumpProjections(dataDir, { canonical: true });
    expect(incremental.subject_profiles.length).toBeGreaterThan(2_000);

    const rebuilt = await runCli(['rebuild'], env);
    expect(rebuilt.stderr).not.toMatch(/error/i);
    expect(rebuilt.code).toBe(0);
    const fromZero = dumpProjections(dataDir, { canonical: true });
    for (const table of Object.keys(fromZero)) expect({ table, rows: incremental[table] }).toEqual({ table, rows: fromZero[table] });
  }, 600_000);
});
