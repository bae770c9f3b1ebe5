/** The same decorator settings as .swcrc; TSX gets its own options so `<T>` in .ts files still parses. */
const tsxTransform = [
  '@swc/jest',
  {
    swcrc: false,
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', tsx: true, decorators: true, dynamicImport: true },
      transform: {
        legacyDecorator: true,
        decoratorMetadata: true,
        useDefineForClassFields: false,
        react: { runtime: 'automatic', importSource: 'preact' },
      },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  // ts before js, so a stale compiled .js beside a source file is never loaded.
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testRegex: '.*\\.(spec|e2e-spec|process-spec|browser-spec)\\.tsx?$',
  transform: { '^.+\\.ts$': '@swc/jest', '^.+\\.tsx$': tsxTransform },
  moduleNameMapper: {
    '^@picsweb/common(|/.*)$': '<rootDir>/libs/common/src$1',
    '^@picsweb/bksb-integration(|/.*)$': '<rootDir>/libs/bksb-integration/src$1',
    '^@picsweb/bksb-sandbox$': '<rootDir>/apps/bksb-sandbox/src',
  },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
};
