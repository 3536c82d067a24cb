import type { Config } from 'jest';

/** The whole suite: every workspace project that has tests. */
const config: Config = {
  projects: [
    '<rootDir>/packages/*/jest.config.ts',
    '<rootDir>/tools/*/jest.config.ts',
    '<rootDir>/services/*/jest.config.ts',
    '<rootDir>/observer/jest.config.ts',
    '<rootDir>/watchdog/jest.config.ts',
  ],
  maxWorkers: 2,
  // project configs cannot set testTimeout when run together; this is the ceiling for one test (long ones set their own)
  testTimeout: 60_000,
};
export default config;
