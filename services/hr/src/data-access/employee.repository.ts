import { unlessDuplicate } from '@erp/service-kit';
import type { EntityManager } from 'typeorm';
import { Employee } from './organisation.entity';
import { isOnChainAbove } from './chain-query';

/** Which employees a list shows and in which page. */
export interface EmployeeListQuery {
  /** Only this person and their direct reports; null for everyone. */
  visibleTo: string | null;
  departmentId?: string;
  status?: string;
  limit: number;
  offset: number;
}

/** SQL access to employees and the management chain. */
export class EmployeeRepository {
  constructor(private readonly m: EntityManager) {}

  /** One employee, or null. */
  findById(id: string): Promise<Employee | null> {
    return this.m.getRepository(Employee).findOneBy({ id });
  }

  /** Finds an employee by email, ignoring case. */
  findByEmail(email: string): Promise<Employee | null> {
    return this.m.getRepository(Employee).createQueryBuilder('e').where('lower(e.email) = lower(:email)', { email }).getOne();
  }

  /** Locks an employee row for the rest of the transaction: serialises every change to them and their leave. */
  lock(id: string): Promise<Employee | null> {
    return this.m.getRepository(Employee).createQueryBuilder('e').setLock('pessimistic_write').where('e.id = :id', { id }).getOne();
  }

  /** True when an active employee has this id. */
  isActive(id: string): Promise<boolean> {
    return this.m.getRepository(Employee).existsBy({ id, status: 'active' });
  }

  /** True when `employeeId` appears in the management chain above `candidateManagerId` (or is that person). */
  isInManagementChain(employeeId: string, candidateManagerId: string): Promise<boolean> {
    return isOnChainAbove(this.m, 'employees', 'manager_id', employeeId, candidateManagerId);
  }

  /** One page of employees by name. */
  list(query: EmployeeListQuery): Promise<Employee[]> {
    const qb = this.m.getRepository(Employee).createQueryBuilder('e').orderBy('e.last_name').addOrderBy('e.first_name').addOrderBy('e.id');
    if (query.visibleTo !== null) qb.andWhere('(e.id = :me OR e.manager_id = :me)', { me: query.visibleTo });
    if (query.departmentId !== undefined) qb.andWhere('e.department_id = :dep', { dep: query.departmentId });
    if (query.status !== undefined) qb.andWhere('e.status = :status', { status: query.status });
    return qb.limit(query.limit).offset(query.offset).getMany();
  }

  /** Inserts an employee; null when the email is taken. */
  insert(values: Omit<Employee, 'id' | 'createdAt' | 'updatedAt'>): Promise<Employee | null> {
    const repository = this.m.getRepository(Employee);
    return unlessDuplicate(() => repository.save(repository.create(values)));
  }

  /** Stores a changed employee; null when the new email is taken. */
  save(employee: Employee): Promise<Employee | null> {
    return unlessDuplicate(() => this.m.getRepository(Employee).save(employee));
  }
}
