// @ts-check
/** Two projects: fast pure-logic unit tests, and integration tests that share one real Temporal server. */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

/**
 * `jose` ships only ES modules, which jest's CommonJS runtime cannot load untransformed (Node itself
 * loads them through require(esm)): its files go through the same swc transform.
 */
const transform = { '^.+\\.ts$': swc, '/node_modules/jose/.+\\.js$': swc };
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      // Conformance and behaviour tests of the Intercom and Hull simulators (real HTTP on loopback, no Temporal).
      displayName: 'simulators',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/simulators/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
      slowTestThreshold: 60,
    },
  ],
  testTimeout: 120_000,
};
