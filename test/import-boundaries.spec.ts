import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

interface Probe {
  /** Where the file would be: the repository's eslint.config.mjs picks the rules by path. */
  file: string;
  code: string;
}

/**
 * Lints in-memory files as if they were at their paths, with the repository's ESLint config,
 * in a child process (ESLint loads its config with import(), which jest's module system does not
 * run). Nothing is written. Returns, per probe, the rule and message of each problem.
 */
function lint(probes: Probe[]): { rule: string | null; message: string }[][] {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const p of probes) {
        const [result] = await eslint.lintText(p.code, { filePath: p.file });
        out.push(result.messages.map((m) => ({ rule: m.ruleId, message: m.message })));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(probes), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const restricted = (problems: { rule: string | null; message: string }[]) => problems.filter((p) => p.rule === 'no-restricted-imports').map((p) => p.message);

describe('import boundaries (npm run lint)', () => {
  let results: { rule: string | null; message: string }[][];
  const probes: Record<string, Probe> = {
    libImportsApp: { file: 'libs/projections/src/probe.ts', code: "import { AppModule } from '../../../apps/ledger/src/app.module';\nexport { AppModule };\n" },
    libReExportsApp: { file: 'libs/access/src/probe.ts', code: "export { AccessGuard } from '../../../apps/ledger/src/access/access.guard';\n" },
    libRequiresApp: { file: 'libs/vault/src/probe.ts', code: "export const app = require('../../../apps/ledger/src/app.module');\n" },
    domainImportsNest: { file: 'libs/domain/src/probe.ts', code: "import { Injectable } from '@nestjs/common';\nexport { Injectable };\n" },
    domainImportsSqlite: { file: 'libs/domain/src/probe.ts', code: "import Database from 'better-sqlite3';\nexport { Database };\n" },
    domainImportsFs: { file: 'libs/domain/src/deciders/probe.ts', code: "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n" },
    domainImportsPg: { file: 'libs/domain/src/probe.ts', code: "import type { Pool } from 'pg';\nexport type { Pool };\n" },
    domainImportsLib: { file: 'libs/domain/src/probe.ts', code: "import { EVENT_STORE } from '@ledger/event-store';\nexport { EVENT_STORE };\n" },
    cliImportsApp: {
      file: 'apps/ledger-cli/src/commands/probe.ts',
      code: "import { ErasureModule } from '../../../ledger/src/erasure/erasure.module';\nexport { ErasureModule };\n",
    },
    // What is allowed stays allowed.
    libImportsLibs: {
      file: 'libs/projections/src/probe.ts',
      code: "import Database from 'better-sqlite3';\nimport { streamName } from '@ledger/domain';\nexport { Database, streamName };\n",
    },
    domainImportsItself: {
      file: 'libs/domain/src/probe.ts',
      code: "import Ajv from 'ajv';\nimport { KEY_GROUPS } from './personal/key-groups';\nexport { Ajv, KEY_GROUPS };\n",
    },
    cliImportsLibs: {
      file: 'apps/ledger-cli/src/commands/probe.ts',
      code: "import { ApiKeyStore } from '@ledger/access';\nimport { dataFile } from '@ledger/config';\nexport { ApiKeyStore, dataFile };\n",
    },
    appImportsLibs: {
      file: 'apps/ledger/src/probe.ts',
      code: "import { Injectable } from '@nestjs/common';\nimport { ApiKeyStore } from '@ledger/access';\nexport { Injectable, ApiKeyStore };\n",
    },
  };
  const names = Object.keys(probes);
  const of = (name: string) => results[names.indexOf(name)];

  beforeAll(() => {
    results = lint(Object.values(probes));
  });

  it('refuses an import from apps/ inside libs/, however it is written', () => {
    expect(restricted(of('libImportsApp'))).toEqual([expect.stringMatching(/libs never import apps/)]);
    expect(restricted(of('libReExportsApp'))).toEqual([expect.stringMatching(/libs never import apps/)]);
    // require() does not pass by the side door: typescript-eslint refuses it everywhere.
    expect(of('libRequiresApp').map((p) => p.rule)).toContain('@typescript-eslint/no-require-imports');
  });

  it('keeps libs/domain pure: no Nest, no database, no file system, no other lib', () => {
    expect(restricted(of('domainImportsNest'))).toEqual([expect.stringMatching(/libs\/domain is pure: no Nest/)]);
    expect(restricted(of('domainImportsSqlite'))).toEqual([expect.stringMatching(/libs\/domain is pure: no database/)]);
    expect(restricted(of('domainImportsPg'))).toEqual([expect.stringMatching(/libs\/domain is pure: no database/)]);
    expect(restricted(of('domainImportsFs'))).toEqual([expect.stringMatching(/libs\/domain is pure: no I\/O/)]);
    expect(restricted(of('domainImportsLib'))).toEqual([expect.stringMatching(/libs\/domain depends on no other lib/)]);
  });

  it("refuses the HTTP app's files in the CLI", () => {
    expect(restricted(of('cliImportsApp'))).toEqual([expect.stringMatching(/the CLI uses libs, not the HTTP app's files/)]);
  });

  it('lets libs use libs and packages, and the apps use libs', () => {
    for (const name of ['libImportsLibs', 'domainImportsItself', 'cliImportsLibs', 'appImportsLibs'])
      expect({ name, problems: of(name) }).toEqual({ name, problems: [] });
  });
});
