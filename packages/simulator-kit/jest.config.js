// @ts-check
/** The package's own tests (`npm test` here, or the root's `npm test`). */
/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'simulator-kit',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
