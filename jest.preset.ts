import path from 'node:path';
import type { Config } from 'jest';

/** Shared jest settings for every workspace project: ts-jest, transpiling each file alone (isolatedModules in tsconfig.base.json; pnpm typecheck checks types). */
export function projectConfig(displayName: string, overrides: Partial<Config> = {}): Config {
  return {
    displayName,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.base.json') }] },
    testTimeout: 30_000,
    ...overrides,
  };
}
