import 'reflect-metadata';
import type { ServiceContext, ServiceDefinition } from '@erp/service-kit';
import { loadHrConfig, type HrConfig } from './config';
import { Account, RefreshToken, ServiceAccount, SigningKey } from './data-access/identity.entity';
import { Holiday, LeaveAllocation, LeaveRequest, LeaveType } from './data-access/leave.entity';
import { HrInit1732800000000 } from './data-access/migrations/1732800000000-hr-init';
import { Department, Employee } from './data-access/organisation.entity';
import { Review, ReviewCycle } from './data-access/review.entity';
import { authRoutes } from './entry-points/api/auth.routes';
import { departmentRoutes } from './entry-points/api/departments.routes';
import { employeeRoutes } from './entry-points/api/employees.routes';
import { leaveRequestRoutes } from './entry-points/api/leave-requests.routes';
import { leaveSetupRoutes } from './entry-points/api/leave-setup.routes';
import { reviewRoutes } from './entry-points/api/reviews.routes';
import { createHrModule, type HrModule } from './hr-module';
import { seedDemo } from './seed/demo.seed';

export { seedDemo, DEMO_USERS } from './seed/demo.seed';
export { hrConfigShape, loadHrConfig, type HrConfig } from './config';

/** hr: organisation, leave, reviews — and the fleet's identity provider (logins, service accounts, JWKS). */
export function buildHrService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition<HrConfig> {
  const config = loadHrConfig(env);
  let hr: HrModule | undefined;
  const hrOf = (ctx: ServiceContext<HrConfig>): HrModule => (hr ??= createHrModule(ctx.dataSource, ctx.config));
  return {
    name: 'hr',
    version: '0.1.0',
    description: 'Departments, employees, leave with approvals, performance reviews; staff logins, service accounts and the JWKS every service verifies tokens with.',
    config,
    database: {
      entities: [Department, Employee, Account, ServiceAccount, RefreshToken, SigningKey, LeaveType, LeaveAllocation, Holiday, LeaveRequest, ReviewCycle, Review],
      migrations: [HrInit1732800000000],
    },
    seed: async (ctx) => {
      const module = hrOf(ctx);
      await module.keys.ensureActiveKey();
      await module.identity.provisionServiceAccounts(ctx.config.AUTH_SERVICE_CLIENTS);
      if (ctx.config.HR_DEMO_SEED) await seedDemo(ctx.dataSource, ctx.logger, ctx.config.HR_DEMO_PASSWORD);
    },
    tokenVerifier: (ctx) => hrOf(ctx).verifier,
    routes: (ctx) => {
      const module = hrOf(ctx);
      return [authRoutes(module), departmentRoutes(module), employeeRoutes(module), leaveSetupRoutes(module), leaveRequestRoutes(module), reviewRoutes(module)];
    },
  };
}
