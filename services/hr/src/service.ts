import 'reflect-metadata';
import { createTokenVerifier } from '@erp/auth';
import type { ServiceContext, ServiceDefinition } from '@erp/service-kit';
import { createLocalJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { loadHrConfig, type HrConfig } from './config';
import { hrRepositories, unitOfWork } from './data-access/hr-repositories';
import { Account, RefreshToken, ServiceAccount, SigningKey } from './data-access/identity.entity';
import { Holiday, LeaveAllocation, LeaveRequest, LeaveType } from './data-access/leave.entity';
import { HrInit1732800000000 } from './data-access/migrations/1732800000000-hr-init';
import { Department, Employee } from './data-access/organisation.entity';
import { Review, ReviewCycle } from './data-access/review.entity';
import type { HrDeps } from './domain/hr-deps';
import { provisionServiceAccounts } from './domain/identity.use-case';
import { ensureActiveKey, publishedKeys } from './domain/signing-keys.use-case';
import { authRoutes } from './entry-points/api/auth.routes';
import { departmentRoutes } from './entry-points/api/departments.routes';
import { employeeRoutes } from './entry-points/api/employees.routes';
import { leaveRequestRoutes } from './entry-points/api/leave-requests.routes';
import { leaveSetupRoutes } from './entry-points/api/leave-setup.routes';
import { reviewRoutes } from './entry-points/api/reviews.routes';
import { seedDemo } from './seed/demo.seed';

export { seedDemo, DEMO_USERS } from './seed/demo.seed';
export { hrConfigShape, loadHrConfig, type HrConfig } from './config';

/** The use-cases' dependencies, built once per running service. */
export function hrDeps(ctx: ServiceContext<HrConfig>): HrDeps {
  const { config } = ctx;
  return {
    ...hrRepositories(ctx.dataSource.manager),
    transaction: unitOfWork(ctx.dataSource),
    lockout: { maxFailedAttempts: config.AUTH_MAX_FAILED_LOGINS, lockoutSeconds: config.AUTH_LOCKOUT_S },
    lifetimes: { accessTtlSeconds: config.AUTH_ACCESS_TOKEN_TTL_S, refreshTtlSeconds: config.AUTH_REFRESH_TOKEN_TTL_S },
    keys: { publishRetiredForMs: (config.AUTH_ACCESS_TOKEN_TTL_S + config.AUTH_KEY_PUBLISH_GRACE_S) * 1000, cacheMs: 5_000 },
    today: () => new Date().toISOString().slice(0, 10),
  };
}

/** hr: organisation, leave, reviews — and the fleet's identity provider (logins, service accounts, JWKS). */
export function buildHrService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition<HrConfig> {
  const config = loadHrConfig(env);
  let deps: HrDeps | undefined;
  const depsOf = (ctx: ServiceContext<HrConfig>): HrDeps => (deps ??= hrDeps(ctx));
  return {
    name: 'hr',
    version: '0.1.0',
    description:
      'Departments, employees, leave with approvals, performance reviews; staff logins, service accounts and the JWKS every service verifies tokens with.',
    config,
    database: {
      entities: [
        Department,
        Employee,
        Account,
        ServiceAccount,
        RefreshToken,
        SigningKey,
        LeaveType,
        LeaveAllocation,
        Holiday,
        LeaveRequest,
        ReviewCycle,
        Review,
      ],
      migrations: [HrInit1732800000000],
    },
    seed: async (ctx) => {
      const d = depsOf(ctx);
      await ensureActiveKey(d);
      await provisionServiceAccounts(d, ctx.config.AUTH_SERVICE_CLIENTS);
      if (ctx.config.HR_DEMO_SEED) await seedDemo(d, ctx.logger, ctx.config.HR_DEMO_PASSWORD);
    },
    // Verifies tokens against hr's own keys (no HTTP round trip to itself); the kit uses it for every route's `auth`.
    tokenVerifier: (ctx) =>
      createTokenVerifier({ keys: localKeySet(depsOf(ctx)), clockToleranceSeconds: ctx.config.AUTH_CLOCK_TOLERANCE_S }),
    routes: (ctx) => {
      const d = depsOf(ctx);
      return [authRoutes(d), departmentRoutes(d), employeeRoutes(d), leaveSetupRoutes(d), leaveRequestRoutes(d), reviewRoutes(d)];
    },
  };
}

/**
 * The published keys as a local key set, reloaded every few seconds (so rotations by another instance
 * and keys that stop being published are seen) and at most once a second on an unknown `kid`.
 */
function localKeySet(deps: HrDeps, maxAgeMs = 5_000): JWTVerifyGetKey {
  let cached: { set: JWTVerifyGetKey; loadedAt: number } | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    cached = { set: createLocalJWKSet(await publishedKeys(deps)), loadedAt: Date.now() };
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
