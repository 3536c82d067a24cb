import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@erp/auth';
import type { Logger } from '@erp/service-kit';
import type { HrDeps } from '../domain/hr-deps';
import { hashPassword, verifyPassword } from '../domain/password-hasher';

/** The demo users `pnpm start` creates: an admin (also hr), a manager, and an employee who reports to the manager. */
export const DEMO_USERS = [
  {
    email: 'admin@erp.example',
    firstName: 'Ada',
    lastName: 'Admin',
    jobTitle: 'Administrator',
    roles: ['admin', 'hr'] as StaffRole[],
    reportsTo: null,
  },
  {
    email: 'manager@erp.example',
    firstName: 'Max',
    lastName: 'Manager',
    jobTitle: 'Operations Manager',
    roles: ['manager'] as StaffRole[],
    reportsTo: 'admin@erp.example',
  },
  {
    email: 'employee@erp.example',
    firstName: 'Eve',
    lastName: 'Employee',
    jobTitle: 'Warehouse Clerk',
    roles: ['employee'] as StaffRole[],
    reportsTo: 'manager@erp.example',
  },
] as const;

const DEMO_LEAVE_TYPES = [
  { code: 'annual', name: 'Annual leave', allowNegative: false, requiresSecondApproval: false, days: 25 },
  { code: 'sick', name: 'Sick leave', allowNegative: true, requiresSecondApproval: false, days: 10 },
  { code: 'unpaid', name: 'Unpaid leave', allowNegative: true, requiresSecondApproval: true, days: 0 },
];

/**
 * Creates the demo organisation once (idempotent: finds users by email). With `password`, the demo
 * users' password is (re)set to it on every start, so the login the launcher prints always works;
 * without it, a random password is generated when the users are first created and logged once.
 */
export async function seedDemo(deps: HrDeps, logger: Logger, password?: string): Promise<void> {
  const year = new Date().getUTCFullYear();
  const created = !(await deps.employees.findByEmail(DEMO_USERS[0].email));
  const demoPassword = password ?? (created ? randomBytes(12).toString('base64url') : undefined);
  const passwordHash = demoPassword === undefined ? undefined : await hashPassword(demoPassword);
  await deps.transaction(async (tx) => {
    await tx.lockByName('hr-demo-seed');
    const department =
      (await tx.departments.findByName('Operations')) ??
      (await tx.departments.insert({ name: 'Operations', parentId: null, managerId: null }));
    if (!department) throw new Error('the demo department could not be created');
    await tx.leave.ensureTypes(DEMO_LEAVE_TYPES);
    const types = await tx.leave.listTypes();
    for (const user of DEMO_USERS) {
      let employee = await tx.employees.findByEmail(user.email);
      if (!employee) {
        const manager = user.reportsTo === null ? null : await tx.employees.findByEmail(user.reportsTo);
        const { email, firstName, lastName, jobTitle } = user;
        employee = await tx.employees.insert({
          email,
          firstName,
          lastName,
          jobTitle,
          departmentId: department.id,
          managerId: manager?.id ?? null,
          hireDate: `${year}-01-01`,
          status: 'active',
          leftOn: null,
        });
        if (!employee) throw new Error(`the demo employee ${user.email} could not be created`);
      }
      const account = await tx.accounts.findByEmployee(employee.id);
      if (!account && passwordHash) {
        await tx.accounts.insert({
          employeeId: employee.id,
          passwordHash,
          roles: [...user.roles, ...(user.roles.includes('employee') ? [] : ['employee' as const])],
          disabled: false,
          failedAttempts: 0,
        });
      } else if (account && passwordHash && demoPassword && !(await verifyPassword(account.passwordHash, demoPassword))) {
        await tx.accounts.save(Object.assign(account, { passwordHash, failedAttempts: 0, lockedUntil: null }));
      }
      for (const type of DEMO_LEAVE_TYPES) {
        const typeId = types.find((t) => t.code === type.code)?.id;
        if (typeId) await tx.leave.setAllocation({ employeeId: employee.id, leaveTypeId: typeId, year, days: type.days }, true);
      }
    }
    const manager = await tx.employees.findByEmail('manager@erp.example');
    if (manager && department.managerId === null) await tx.departments.save(Object.assign(department, { managerId: manager.id }));
  });
  if (password !== undefined)
    logger.info(
      `demo login: admin@erp.example (also manager@erp.example, employee@erp.example) with the password in HR_DEMO_PASSWORD — POST /api/v1/auth/login`,
    );
  else if (created && demoPassword)
    logger.info(
      `demo login (shown once): admin@erp.example / ${demoPassword} (also manager@erp.example, employee@erp.example) — POST /api/v1/auth/login`,
    );
}
