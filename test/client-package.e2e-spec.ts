import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..');
const PACKAGE_DIR = join(ROOT, 'libs/client');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

/**
 * Issue 16: the client is its own npm package. `npm pack` in libs/client builds it with tsc
 * (prepack) and yields a tarball with JavaScript and declarations only; installed into an empty
 * project, it loads with plain node (nothing of the repo's other libs, no Nest) and its
 * declarations type-check a consumer.
 */
describe('the client package', () => {
  const work = mkdtempSync(join(tmpdir(), 'ledger-client-pack-'));
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(join(PACKAGE_DIR, 'dist'), { recursive: true, force: true });
  });

  it('packs JavaScript and type declarations, needing nothing but node and (for the outbox) better-sqlite3', () => {
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: PACKAGE_DIR, encoding: 'utf8' });
    expect(packed.status).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info.files.map((f) => f.path);
    for (const expected of [
      'package.json',
      'README.md',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/ledger-client.js',
      'dist/ledger-client.d.ts',
      'dist/generated/catalog.js',
      'dist/generated/catalog.d.ts',
    ]) {
      expect(files).toContain(expected);
    }
    expect(files.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && f !== 'README.md')).toEqual([]);
    expect(files.filter((f) => /\.spec\.|\/test\//.test(f))).toEqual([]);

    const app = join(work, 'app');
    const installed = join(app, 'node_modules/@privacy-ledger/client');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, info.filename), '-C', installed, '--strip-components=1']);

    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependenciesMeta).toEqual({ 'better-sqlite3': { optional: true } });

    // Whatever the built code requires: its own files, node's modules, and better-sqlite3 (only when an outbox is asked for).
    const required = new Set<string>();
    for (const file of filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.js'))) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)) {
        if (!name.startsWith('.')) required.add(name);
      }
    }
    const foreign = [...required].filter((name) => !name.startsWith('node:') && !builtinModules.includes(name) && name !== 'better-sqlite3');
    expect(foreign).toEqual([]);

    // Plain node, no TypeScript, from an empty project.
    writeFileSync(
      join(app, 'main.js'),
      `const { LedgerClient, facts, subject, CLIENT_VERSION } = require('@privacy-ledger/client');
       const fact = facts.consentGiven({ subject: subject('shop', 'C-1'), data: { purpose: 'newsletter' } });
       const client = new LedgerClient({ url: 'http://127.0.0.1:9', apiKey: 'plk_x' });
       client.close().then(() => console.log(JSON.stringify({ version: CLIENT_VERSION, type: fact.type, id: fact.id })));`,
    );
    const run = spawnSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ version: manifest.version, type: 'ConsentGiven' });
    expect(out.id).toMatch(/^[0-9a-f-]{36}$/);

    // The declarations, checked as a consumer sees them (skipLibCheck off).
    writeFileSync(
      join(app, 'consumer.ts'),
      `import { LedgerClient, LedgerFact, FactReceipt, LegalBasis } from '@privacy-ledger/client';
       const basis: LegalBasis = 'consent';
       export async function send(client: LedgerClient): Promise<FactReceipt> {
         const fact: LedgerFact = (await import('@privacy-ledger/client')).facts.personalDataCollected({
           subject: client.subject('C-1'),
           data: { categories: ['user.contact.email'], purpose: 'newsletter', legalBasis: basis, source: 'data-subject', system: 'shop' },
           personal: { email: 'a@example.nl' },
         });
         return client.recordAndWait(fact);
       }`,
    );
    const program = ts.createProgram([join(app, 'consumer.ts')], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      typeRoots: [join(ROOT, 'node_modules/@types')],
      types: ['node'],
    });
    // The consumer and every declaration file of the package (not all of @types/node, which is slow to check).
    const checked = program.getSourceFiles().filter((f) => f.fileName.startsWith(app));
    expect(checked.filter((f) => f.fileName.endsWith('.d.ts')).length).toBeGreaterThan(10);
    const problems = checked.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]);
    expect(problems.map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)).toEqual([]);
  }, 120_000);
});
