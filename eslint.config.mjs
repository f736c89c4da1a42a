// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Import boundaries (README, "How it is built"). Core `no-restricted-imports` on the import
 * specifier is enough here: code reaches another folder only by a relative path or a package
 * name (no path alias points into apps/), and `require()` is already an error
 * (@typescript-eslint/no-require-imports). Plugins that resolve every import to a file
 * (eslint-plugin-import-x, eslint-plugin-boundaries) would add a native resolver and its
 * platform packages for no rule we need.
 */
const libsNeverImportApps = {
  regex: '(^|/)apps(/|$)',
  message: 'libs never import apps: move what both need into a lib.',
};

const domainIsPure = [
  {
    regex: '^@nestjs/',
    message: 'libs/domain is pure: no Nest (wire it in apps/ledger).',
  },
  {
    regex: '^(better-sqlite3|pg|pg-.+|node-pg-migrate|@eventstore/.+|amqplib|amqp-connection-manager|pino.*)$',
    message: 'libs/domain is pure: no database, broker or logger (that is libs/event-store, libs/projections or the app).',
  },
  {
    regex: '^(node:)?(fs|fs/promises|child_process|net|http|https|http2|dgram|dns|tls|worker_threads|cluster|readline|os|process)$',
    message: 'libs/domain is pure: no I/O; pass what it needs in as arguments.',
  },
  {
    regex: '^@(ledger|privacy-ledger)/',
    message: 'libs/domain depends on no other lib: the others depend on it.',
  },
];

const cliUsesLibs = [
  {
    regex: '^(\\.\\./)+(apps/)?ledger(/|$)|(^|/)apps/ledger/',
    message: "the CLI uses libs, not the HTTP app's files: move what both need into a lib.",
  },
];

export default defineConfig([
  globalIgnores([
    '**/dist/',
    'coverage/',
    'data/',
    '.bench-data/',
    // Written by `npm run client:generate` (json-schema-to-typescript), checked by a test.
    'libs/client/src/generated/',
  ]),
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `const { key: _, ...rest } = x` and `({ id, ...rest }) => rest` leave a property out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // The input rules match control characters on purpose (printable-text checks), never by accident.
      'no-control-regex': 'off',
      // Start-up and CLI errors carry their cause's message, not the cause: a driver's error may hold a
      // connection string, and an attached cause prints in full, stack and all, after the one-line message.
      'preserve-caught-error': 'off',
    },
  },
  {
    // Tests read arbitrary JSON bodies and build deliberately malformed input.
    files: ['test/**', 'libs/client/test/**', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['apps/console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['libs/**/*.{ts,tsx,js,mjs}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [libsNeverImportApps] }] },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [libsNeverImportApps, ...domainIsPure] }] },
  },
  {
    files: ['apps/ledger-cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: cliUsesLibs }] },
  },
  // Last: turns off the stylistic rules prettier owns.
  prettier,
]);
