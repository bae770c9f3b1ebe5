/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  // ts before js, so a stale compiled .js beside a source file is never loaded.
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.(spec|e2e-spec|process-spec)\\.ts$',
  transform: { '^.+\\.ts$': '@swc/jest' },
  moduleNameMapper: {
    '^@picsweb/common(|/.*)$': '<rootDir>/libs/common/src$1',
    '^@picsweb/bksb-integration(|/.*)$': '<rootDir>/libs/bksb-integration/src$1',
    '^@picsweb/bksb-sandbox$': '<rootDir>/apps/bksb-sandbox/src',
  },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
};
