import { unlessDuplicate } from '@erp/service-kit';
import type { EntityManager } from 'typeorm';
import { Department } from './organisation.entity';
import { isOnChainAbove } from './chain-query';

/** The fields of a department that hr sets. */
export type DepartmentValues = Pick<Department, 'name' | 'parentId' | 'managerId'>;

/** SQL access to the department tree. */
export class DepartmentRepository {
  constructor(private readonly m: EntityManager) {}

  /** Every department by name (callers build the tree). */
  list(): Promise<Department[]> {
    return this.m.getRepository(Department).find({ order: { name: 'ASC' } });
  }

  /** One department, or null. */
  findById(id: string): Promise<Department | null> {
    return this.m.getRepository(Department).findOneBy({ id });
  }

  /** One department by its (unique) name, or null. */
  findByName(name: string): Promise<Department | null> {
    return this.m.getRepository(Department).findOneBy({ name });
  }

  /** Locks a department row for the rest of the transaction; null when it does not exist. */
  lock(id: string): Promise<Department | null> {
    return this.m.getRepository(Department).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id }).getOne();
  }

  /** True when the department exists. */
  exists(id: string): Promise<boolean> {
    return this.m.getRepository(Department).existsBy({ id });
  }

  /** True when `candidateId` is `departmentId` itself or one of its descendants (so it cannot become its parent). */
  isInSubtree(departmentId: string, candidateId: string): Promise<boolean> {
    return isOnChainAbove(this.m, 'departments', 'parent_id', departmentId, candidateId);
  }

  /** Inserts a department; null when the name is taken. */
  insert(values: DepartmentValues): Promise<Department | null> {
    const repository = this.m.getRepository(Department);
    return unlessDuplicate(() => repository.save(repository.create(values)));
  }

  /** Stores a changed department; null when the new name is taken. */
  save(department: Department): Promise<Department | null> {
    return unlessDuplicate(() => this.m.getRepository(Department).save(department));
  }
}
