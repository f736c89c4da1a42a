import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const CONSOLE_DIST = join(ROOT, 'dist', 'console');

/** What the console is built from: its sources, the domain vocabularies it imports, the lockfile. */
const INPUTS = [join(ROOT, 'apps', 'console'), join(ROOT, 'libs', 'domain', 'src'), join(ROOT, 'package-lock.json')];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

const fresh = (): boolean => {
  const index = join(CONSOLE_DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= Math.max(...INPUTS.map(newestChange));
};

/**
 * Builds the console (`npm run build:console`, in a child process) unless dist/console is newer
 * than everything it is built from: a fresh checkout builds once, a rerun reuses the build.
 * Test files in parallel workers take turns (a lock directory), so one builds and the others
 * find it built.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  if (fresh()) return;
  const lock = join(ROOT, 'dist', '.console-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held for more than 5 minutes: remove it if no build runs`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!fresh()) await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function build(): Promise<void> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/console/vite.config.mts'], {
    cwd: ROOT,
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`the console did not build (exit ${code}):\n${output}`);
}
