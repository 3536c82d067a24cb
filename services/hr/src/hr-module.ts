import type { DataSource } from 'typeorm';
import { createLocalJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { createTokenVerifier, type TokenVerifier } from '@erp/auth';
import type { HrConfig } from './config';
import { BalancesUseCase } from './domain/balances.use-case';
import { DepartmentsUseCase } from './domain/departments.use-case';
import { EmployeesUseCase } from './domain/employees.use-case';
import { IdentityUseCase } from './domain/identity.use-case';
import { LeaveRequestsUseCase } from './domain/leave-requests.use-case';
import { LeaveSetupUseCase } from './domain/leave-setup.use-case';
import { ReviewsUseCase } from './domain/reviews.use-case';
import { SigningKeys } from './domain/signing-keys.use-case';
import { Tokens } from './domain/tokens.use-case';

/** Every use case of hr, wired once per running service. */
export interface HrModule {
  config: HrConfig;
  keys: SigningKeys;
  identity: IdentityUseCase;
  departments: DepartmentsUseCase;
  employees: EmployeesUseCase;
  leaveSetup: LeaveSetupUseCase;
  leaveRequests: LeaveRequestsUseCase;
  balances: BalancesUseCase;
  reviews: ReviewsUseCase;
  /** Verifies tokens against hr's own keys (no HTTP round trip to itself); the kit uses it for every route's `auth`. */
  verifier: TokenVerifier;
}

/** Builds the use cases on a migrated data source. */
export function createHrModule(ds: DataSource, config: HrConfig): HrModule {
  const keys = new SigningKeys(ds, (config.AUTH_ACCESS_TOKEN_TTL_S + config.AUTH_KEY_PUBLISH_GRACE_S) * 1000);
  const tokens = new Tokens(ds, keys, { accessTtlSeconds: config.AUTH_ACCESS_TOKEN_TTL_S, refreshTtlSeconds: config.AUTH_REFRESH_TOKEN_TTL_S });
  const identity = new IdentityUseCase(ds, tokens, { maxFailedAttempts: config.AUTH_MAX_FAILED_LOGINS, lockoutSeconds: config.AUTH_LOCKOUT_S });
  const verifier = createTokenVerifier({ keys: localKeySet(keys), clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_S });
  return {
    config,
    keys,
    identity,
    departments: new DepartmentsUseCase(ds),
    employees: new EmployeesUseCase(ds, identity),
    leaveSetup: new LeaveSetupUseCase(ds),
    leaveRequests: new LeaveRequestsUseCase(ds),
    balances: new BalancesUseCase(ds),
    reviews: new ReviewsUseCase(ds),
    verifier,
  };
}

/**
 * The published keys as a local key set, reloaded every few seconds (so rotations by another instance
 * and keys that stop being published are seen) and at most once a second on an unknown `kid`.
 */
function localKeySet(keys: SigningKeys, maxAgeMs = 5_000): JWTVerifyGetKey {
  let cached: { set: JWTVerifyGetKey; loadedAt: number } | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    cached = { set: createLocalJWKSet(await keys.jwks()), loadedAt: Date.now() };
    return cached.set;
  };
  return async (header, token) => {
    const set = cached && Date.now() - cached.loadedAt < maxAgeMs ? cached.set : await load();
    try {
      return await set(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !cached || Date.now() - cached.loadedAt < 1_000) throw error;
      return (await load())(header, token);
    }
  };
}
