import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@erp/auth';
import { ConflictError, NotFoundError, UnprocessableError } from '@erp/service-kit';
import { Department, Employee } from '../data-access/organisation.entity';
import { isInManagementChain, listEmployees, lockEmployee } from '../data-access/organisation.repository';
import { isUniqueViolation } from '../data-access/pg-helpers';
import { canSeeEmployee, isHrStaff } from './access-policy';
import type { IdentityUseCase } from './identity.use-case';

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

/** Employees: hr writes; each person sees themselves, a manager their direct reports, hr everyone. */
export class EmployeesUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly identity: IdentityUseCase,
  ) {}

  /** Employees visible to the caller. */
  list(principal: Principal, filter: { departmentId?: string; status?: string }, page: { limit: number; offset: number }): Promise<Employee[]> {
    return listEmployees(this.ds.manager, { ...filter, visibleTo: isHrStaff(principal) ? null : principal.employeeId }, page);
  }

  /** One employee, or 404 when it does not exist or the caller may not see it (no existence leak). */
  async get(principal: Principal, id: string): Promise<Employee> {
    const employee = await this.ds.getRepository(Employee).findOneBy({ id });
    if (!employee || !canSeeEmployee(principal, employee)) throw new NotFoundError('Employee', id);
    return employee;
  }

  /** Hires someone. */
  async create(input: EmployeeInput): Promise<Employee> {
    return this.ds.transaction(async (m) => {
      await checkReferences(m, input);
      return saveUnique(m, m.getRepository(Employee).create({ ...input, status: 'active', leftOn: null }));
    });
  }

  /** Changes an active employee's record; a manager change may not create a loop in the management chain. */
  async update(id: string, input: Partial<EmployeeInput>): Promise<Employee> {
    return this.ds.transaction(async (m) => {
      const employee = await lockEmployee(m, id);
      if (!employee) throw new NotFoundError('Employee', id);
      if (employee.status === 'left') throw new ConflictError('The employee has left; their record is closed');
      await checkReferences(m, input);
      if (input.managerId && (await isInManagementChain(m, id, input.managerId))) {
        throw new UnprocessableError('An employee cannot be managed by themselves or by someone they manage', { managerId: input.managerId }, { type: 'management-cycle' });
      }
      return saveUnique(m, Object.assign(employee, input));
    });
  }

  /** Records that an employee has left: their login is disabled, sessions end, open leave requests are cancelled. */
  async markLeft(id: string, leftOn: string): Promise<Employee> {
    return this.ds.transaction(async (m) => {
      const employee = await lockEmployee(m, id);
      if (!employee) throw new NotFoundError('Employee', id);
      if (employee.status === 'left') throw new ConflictError('The employee has already left');
      if (leftOn < employee.hireDate) throw new UnprocessableError('leftOn is before the hire date', { leftOn, hireDate: employee.hireDate });
      Object.assign(employee, { status: 'left', leftOn });
      await m.getRepository(Employee).save(employee);
      await m.query(`UPDATE leave_requests SET status = 'cancelled', updated_at = now() WHERE employee_id = $1 AND status IN ('draft', 'submitted')`, [id]);
      await this.identity.endAccess(m, id);
      return employee;
    });
  }
}

async function checkReferences(m: EntityManager, input: Partial<EmployeeInput>): Promise<void> {
  if (input.departmentId && !(await m.getRepository(Department).existsBy({ id: input.departmentId }))) {
    throw new UnprocessableError('departmentId names no department', { departmentId: input.departmentId }, { type: 'unknown-reference' });
  }
  if (input.managerId && !(await m.getRepository(Employee).existsBy({ id: input.managerId, status: 'active' }))) {
    throw new UnprocessableError('managerId names no active employee', { managerId: input.managerId }, { type: 'unknown-reference' });
  }
}

async function saveUnique(m: EntityManager, employee: Employee): Promise<Employee> {
  try {
    return await m.getRepository(Employee).save(employee);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`An employee with email ${JSON.stringify(employee.email)} already exists`, undefined, { type: 'duplicate-email' });
    throw error;
  }
}
