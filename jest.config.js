// Unit specs sit beside the code; e2e suites drive the real app over HTTP (test/e2e).
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const shared = {
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: { '^@relay/([^/]+)$': '<rootDir>/libs/$1/src' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The build (with its copy of package.json) is run as processes, never imported by tests.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testEnvironment: 'node',
};
module.exports = {
  // testTimeout is a global option (ignored inside projects); e2e suites boot apps and processes.
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: [
        '<rootDir>/test/e2e/**/*.e2e-spec.ts',
        '<rootDir>/packages/*/test/**/*.e2e-spec.ts',
        '<rootDir>/examples/**/*.e2e-spec.ts',
      ],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
  ],
};
