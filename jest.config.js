// @ts-check
/**
 * The engine's projects (fast pure-logic unit tests, integration tests that share one real Temporal
 * server) and every workspace package's own project (packages/<name>/jest.config.js).
 */
const preset = require('./jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    '<rootDir>/packages/*/jest.config.js',
    {
      ...preset,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
      slowTestThreshold: 60,
    },
  ],
  testTimeout: 120_000,
};
