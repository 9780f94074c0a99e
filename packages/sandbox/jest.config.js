// @ts-check
/** The package's own tests (`npm test` here, or the root's `npm test`): real HTTP on loopback, no Temporal. */
/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'sandbox',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
