/** One jest run for unit, conformance and end-to-end tests (see README: `npm test`). */
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
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  // content-disposition (under @fastify/static, which serves /docs) ships ESM only.
  transform: { '^.+\\.ts$': swc, '/node_modules/content-disposition/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@ledger/(domain|event-store|vault|projections|postgres|transparency|access|config)$': '<rootDir>/libs/$1/src',
    '^@ledger/(domain|event-store|vault|projections|postgres|transparency|access|config)/(.*)$': '<rootDir>/libs/$1/src/$2',
    '^@privacy-ledger/client$': '<rootDir>/libs/client/src',
  },
  testTimeout: 60000,
  maxWorkers: 2,
};
