import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const GENERATED = join(ROOT, 'libs/client/src/generated/catalog.ts');

/** Runs the generator in its own process (json-schema-to-typescript formats with prettier, which is ESM inside). */
const check = (file: string) =>
  spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/client/scripts/generate-catalog.ts', '--check', '--file', file], {
    cwd: ROOT,
    encoding: 'utf8',
  });

describe("the client's generated catalog", () => {
  it('is what `npm run client:generate` makes from the domain catalog now (regenerate and commit it after a catalog change)', () => {
    const result = check(GENERATED);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  it('is found out of date when it differs from the catalog', () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-catalog-'));
    try {
      const stale = join(dir, 'catalog.ts');
      writeFileSync(stale, readFileSync(GENERATED, 'utf8').replace("'legitimate-interests'", "'legitimate-interest'"));
      const result = check(stale);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('is out of date with the event catalog: run `npm run client:generate` and commit it.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
