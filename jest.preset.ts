import type { Config } from 'jest';

/** Shared jest settings for every workspace project: ts-jest without type checking (pnpm typecheck does that). */
export function projectConfig(displayName: string, overrides: Partial<Config> = {}): Config {
  return {
    displayName,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/../../tsconfig.base.json' }] },
    testTimeout: 30_000,
    ...overrides,
  };
}
