import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/**
 * Builds the console (`npm run build:console`, in a child process) unless dist/console is newer
 * than everything it is built from: a fresh checkout builds once, a rerun reuses the build.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const index = join(CONSOLE_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...INPUTS.map(newestChange))) return;
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
