/** One jest run for unit, conformance and end-to-end tests (see README: `npm test`). */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // Jest refuses a root that does not exist; a checkout may not have every one yet.
  roots: ['apps', 'libs', 'test'].filter((dir) => existsSync(join(__dirname, dir))).map((dir) => `<rootDir>/${dir}`),
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@ledger/(domain|event-store|vault|projections)$': '<rootDir>/libs/$1/src',
    '^@ledger/(domain|event-store|vault|projections)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60000,
  maxWorkers: 2,
};
