import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { StaffRole } from '@erp/auth';
import type { Logger } from '@erp/service-kit';
import { Account } from '../data-access/identity.entity';
import { LeaveType } from '../data-access/leave.entity';
import { Department, Employee } from '../data-access/organisation.entity';
import { findEmployeeByEmail } from '../data-access/organisation.repository';
import { hashPassword, verifyPassword } from '../domain/password-hasher';

/** The demo users `pnpm start` creates: an admin (also hr), a manager, and an employee who reports to the manager. */
export const DEMO_USERS = [
  { email: 'admin@erp.example', firstName: 'Ada', lastName: 'Admin', jobTitle: 'Administrator', roles: ['admin', 'hr'] as StaffRole[], reportsTo: null },
  { email: 'manager@erp.example', firstName: 'Max', lastName: 'Manager', jobTitle: 'Operations Manager', roles: ['manager'] as StaffRole[], reportsTo: 'admin@erp.example' },
  { email: 'employee@erp.example', firstName: 'Eve', lastName: 'Employee', jobTitle: 'Warehouse Clerk', roles: ['employee'] as StaffRole[], reportsTo: 'manager@erp.example' },
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
export async function seedDemo(ds: DataSource, logger: Logger, password?: string): Promise<void> {
  const year = new Date().getUTCFullYear();
  const created = !(await findEmployeeByEmail(ds.manager, DEMO_USERS[0].email));
  const demoPassword = password ?? (created ? randomBytes(12).toString('base64url') : undefined);
  const passwordHash = demoPassword === undefined ? undefined : await hashPassword(demoPassword);
  await ds.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('hr-demo-seed'))`);
    let department = await m.getRepository(Department).findOneBy({ name: 'Operations' });
    department ??= await m.getRepository(Department).save(m.getRepository(Department).create({ name: 'Operations', parentId: null, managerId: null }));
    for (const type of DEMO_LEAVE_TYPES) {
      await m.query(
        `INSERT INTO leave_types (code, name, allow_negative, requires_second_approval) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
        [type.code, type.name, type.allowNegative, type.requiresSecondApproval],
      );
    }
    const types = await m.getRepository(LeaveType).find();
    for (const user of DEMO_USERS) {
      let employee = await findEmployeeByEmail(m, user.email);
      if (!employee) {
        const manager = user.reportsTo === null ? null : await findEmployeeByEmail(m, user.reportsTo);
        employee = await m.getRepository(Employee).save(
          m.getRepository(Employee).create({ ...user, departmentId: department.id, managerId: manager?.id ?? null, hireDate: `${year}-01-01`, status: 'active', leftOn: null }),
        );
      }
      const account = await m.getRepository(Account).findOneBy({ employeeId: employee.id });
      if (!account && passwordHash) {
        await m.getRepository(Account).insert({ employeeId: employee.id, passwordHash, roles: [...user.roles, ...(user.roles.includes('employee') ? [] : ['employee' as const])], disabled: false, failedAttempts: 0 });
      } else if (account && passwordHash && demoPassword && !(await verifyPassword(account.passwordHash, demoPassword))) {
        await m.getRepository(Account).update({ id: account.id }, { passwordHash, failedAttempts: 0, lockedUntil: null });
      }
      for (const type of DEMO_LEAVE_TYPES) {
        const typeId = types.find((t) => t.code === type.code)?.id;
        await m.query(`INSERT INTO leave_allocations (employee_id, leave_type_id, year, days) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [employee.id, typeId, year, type.days]);
      }
    }
    const manager = await findEmployeeByEmail(m, 'manager@erp.example');
    if (manager && department.managerId === null) await m.getRepository(Department).update({ id: department.id }, { managerId: manager.id });
  });
  if (password !== undefined) logger.info(`demo login: admin@erp.example (also manager@erp.example, employee@erp.example) with the password in HR_DEMO_PASSWORD — POST /api/v1/auth/login`);
  else if (created && demoPassword) logger.info(`demo login (shown once): admin@erp.example / ${demoPassword} (also manager@erp.example, employee@erp.example) — POST /api/v1/auth/login`);
}
