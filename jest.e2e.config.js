/**
 * The browser test (`npm run test:e2e`): the preview in Debian's Chromium, driven by playwright-core,
 * against the local cloud it starts itself. Run by .ci/run after `npm test`; needs `chromium`.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // A loaded 2-core machine: every wait in the test is generous, the whole journey more so.
  testTimeout: 600000,
};
