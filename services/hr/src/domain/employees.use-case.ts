import type { Principal } from '@erp/auth';
import { ConflictError, NotFoundError, UnprocessableError } from '@erp/errors';
import type { HrRepositories } from '../data-access/hr-repositories';
import type { Employee } from '../data-access/organisation.entity';
import type { HrDeps } from './hr-deps';
import { endAccess } from './identity.use-case';
import { canSeeEmployee, isHrStaff } from './record-access';

/** Fields hr sets on an employee. */
export interface EmployeeInput {
  firstName: string;
  lastName: string;
  email: string;
  departmentId: string | null;
  managerId: string | null;
  jobTitle: string;
  hireDate: string;
}

/** Employees visible to the caller: each person sees themselves, a manager their direct reports, hr everyone. */
export function listEmployees(
  deps: HrDeps,
  principal: Principal,
  filter: { departmentId?: string; status?: string },
  page: { limit: number; offset: number },
): Promise<Employee[]> {
  return deps.employees.list({ ...filter, ...page, visibleTo: isHrStaff(principal) ? null : principal.employeeId });
}

/** One employee, or 404 when it does not exist or the caller may not see it (no existence leak). */
export async function getEmployee(deps: HrDeps, principal: Principal, id: string): Promise<Employee> {
  const employee = await deps.employees.findById(id);
  if (!employee || !canSeeEmployee(principal, employee)) throw new NotFoundError('Employee', id);
  return employee;
}

/** Hires someone (hr, checked at the route). */
export function createEmployee(deps: HrDeps, input: EmployeeInput): Promise<Employee> {
  return deps.transaction(async (tx) => {
    await checkReferences(tx, input);
    return orDuplicateEmail(input.email, await tx.employees.insert({ ...input, status: 'active', leftOn: null }));
  });
}

/** Changes an active employee's record; a manager change may not create a loop in the management chain. */
export function updateEmployee(deps: HrDeps, id: string, input: Partial<EmployeeInput>): Promise<Employee> {
  return deps.transaction(async (tx) => {
    const employee = await tx.employees.lock(id);
    if (!employee) throw new NotFoundError('Employee', id);
    if (employee.status === 'left') throw new ConflictError('The employee has left; their record is closed');
    await checkReferences(tx, input);
    if (input.managerId && (await tx.employees.isInManagementChain(id, input.managerId))) {
      throw new UnprocessableError(
        'An employee cannot be managed by themselves or by someone they manage',
        { managerId: input.managerId },
        { type: 'management-cycle' },
      );
    }
    const changed = Object.assign(employee, input);
    return orDuplicateEmail(changed.email, await tx.employees.save(changed));
  });
}

/** Records that an employee has left: their login is disabled, sessions end, open leave requests are cancelled. */
export function markEmployeeLeft(deps: HrDeps, id: string, leftOn: string): Promise<Employee> {
  return deps.transaction(async (tx) => {
    const employee = await tx.employees.lock(id);
    if (!employee) throw new NotFoundError('Employee', id);
    if (employee.status === 'left') throw new ConflictError('The employee has already left');
    if (leftOn < employee.hireDate) throw new UnprocessableError('leftOn is before the hire date', { leftOn, hireDate: employee.hireDate });
    Object.assign(employee, { status: 'left', leftOn });
    await tx.employees.save(employee);
    await tx.leave.cancelOpenRequestsOf(id);
    await endAccess(tx, id);
    return employee;
  });
}

async function checkReferences(tx: HrRepositories, input: Partial<EmployeeInput>): Promise<void> {
  if (input.departmentId && !(await tx.departments.exists(input.departmentId))) {
    throw new UnprocessableError('departmentId names no department', { departmentId: input.departmentId }, { type: 'unknown-reference' });
  }
  if (input.managerId && !(await tx.employees.isActive(input.managerId))) {
    throw new UnprocessableError('managerId names no active employee', { managerId: input.managerId }, { type: 'unknown-reference' });
  }
}

function orDuplicateEmail(email: string, saved: Employee | null): Employee {
  if (!saved)
    throw new ConflictError(`An employee with email ${JSON.stringify(email)} already exists`, undefined, { type: 'duplicate-email' });
  return saved;
}
