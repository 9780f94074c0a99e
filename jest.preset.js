// @ts-check
/** What every jest project here shares, the root's and each workspace package's: TypeScript through swc. */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  /**
   * `jose` ships only ES modules, which jest's CommonJS runtime cannot load untransformed (Node itself
   * loads them through require(esm)): its files go through the same swc transform.
   */
  transform: { '^.+\\.ts$': swc, '/node_modules/jose/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
};
