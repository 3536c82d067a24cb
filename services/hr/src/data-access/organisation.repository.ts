import type { EntityManager } from 'typeorm';
import { Department, Employee } from './organisation.entity';

/** Queries on departments and employees that need more than find(). */

/** True when `candidateAncestorId` is `departmentId` itself or one of its descendants (so it cannot become its parent). */
export async function isDepartmentInSubtree(m: EntityManager, departmentId: string, candidateId: string): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `WITH RECURSIVE up(id) AS (SELECT $2::uuid UNION SELECT d.parent_id FROM departments d JOIN up ON d.id = up.id WHERE d.parent_id IS NOT NULL)
     SELECT 1 FROM up WHERE id = $1 LIMIT 1`,
    [departmentId, candidateId],
  );
  return rows.length > 0;
}

/** True when `employeeId` appears in the management chain above `candidateManagerId` (or is that person). */
export async function isInManagementChain(m: EntityManager, employeeId: string, candidateManagerId: string): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `WITH RECURSIVE up(id) AS (SELECT $2::uuid UNION SELECT e.manager_id FROM employees e JOIN up ON e.id = up.id WHERE e.manager_id IS NOT NULL)
     SELECT 1 FROM up WHERE id = $1 LIMIT 1`,
    [employeeId, candidateManagerId],
  );
  return rows.length > 0;
}

/** Locks an employee row for the rest of the transaction: serialises every change to their leave. */
export async function lockEmployee(m: EntityManager, id: string): Promise<Employee | null> {
  return m.getRepository(Employee).createQueryBuilder('e').setLock('pessimistic_write').where('e.id = :id', { id }).getOne();
}

/** Finds an employee by email, ignoring case. */
export async function findEmployeeByEmail(m: EntityManager, email: string): Promise<Employee | null> {
  return m.getRepository(Employee).createQueryBuilder('e').where('lower(e.email) = lower(:email)', { email }).getOne();
}

/** Employees the caller may list: everyone (hr), or themselves and their direct reports. */
export async function listEmployees(
  m: EntityManager,
  filter: { visibleTo: string | null; departmentId?: string; status?: string },
  page: { limit: number; offset: number },
): Promise<Employee[]> {
  const qb = m.getRepository(Employee).createQueryBuilder('e').orderBy('e.last_name').addOrderBy('e.first_name').addOrderBy('e.id');
  if (filter.visibleTo !== null) qb.andWhere('(e.id = :me OR e.manager_id = :me)', { me: filter.visibleTo });
  if (filter.departmentId !== undefined) qb.andWhere('e.department_id = :dep', { dep: filter.departmentId });
  if (filter.status !== undefined) qb.andWhere('e.status = :status', { status: filter.status });
  return qb.limit(page.limit).offset(page.offset).getMany();
}

/** All departments, parents before children is not guaranteed; callers build the tree. */
export async function listDepartments(m: EntityManager): Promise<Department[]> {
  return m.getRepository(Department).find({ order: { name: 'ASC' } });
}
