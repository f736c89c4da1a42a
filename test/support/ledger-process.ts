import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { generateApiKey } from '@ledger/access';

const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface LedgerProcess {
  url: string;
  /** Headers that authenticate as an administrator. */
  auth: Record<string, string>;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The real server in its own process (TypeScript run through @swc-node/register), for crash
 * tests. It gets an admin key (LEDGER_BOOTSTRAP_ADMIN_KEY: a fresh one unless given; '' lets
 * the ledger make and print one); on a data directory that has keys already, pass the same one.
 * A restart that clients must find again passes the port of the first start.
 */
export async function spawnLedger(env: Record<string, string>, options: { port?: number } = {}): Promise<LedgerProcess> {
  const port = options.port ?? (await freePort());
  const adminKey = env.LEDGER_BOOTSTRAP_ADMIN_KEY ?? generateApiKey();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/ledger/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, LEDGER_LOG_LEVEL: 'warn', ...env, LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ledger exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // Not left running behind the caller, who never gets a handle to stop it.
      child.kill('SIGKILL');
      throw new Error(`ledger did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    auth: adminKey ? { authorization: `Bearer ${adminKey}` } : {},
    child,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}
