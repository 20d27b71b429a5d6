/**
 * The reliability and security suite (issue 7): `npm run test:reliability`. Kept out of `npm test`
 * because it is slow on purpose. Files run one at a time in name order, so the personal-data scan
 * (99-…) sees every log line and database file the other parts left in the shared run directory.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/reliability'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/reliability/support/global-setup.ts',
  testSequencer: '<rootDir>/test/reliability/support/by-name-sequencer.cjs',
  reporters: ['default', '<rootDir>/test/reliability/support/summary-reporter.cjs'],
  maxWorkers: 1,
  testTimeout: 240000,
};
