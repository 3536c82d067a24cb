import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, UnprocessableError } from '@erp/service-kit';
import { Department, Employee } from '../data-access/organisation.entity';
import { isDepartmentInSubtree, listDepartments } from '../data-access/organisation.repository';
import { isUniqueViolation } from '../data-access/pg-helpers';

/** Input for creating or changing a department. */
export interface DepartmentInput {
  name?: string;
  parentId?: string | null;
  managerId?: string | null;
}

/** A department with its children, for the tree view. */
export interface DepartmentNode {
  id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
  children: DepartmentNode[];
}

/** Departments: a tree where each node may have a manager. Writes are for hr (checked at the route). */
export class DepartmentsUseCase {
  constructor(private readonly ds: DataSource) {}

  /** Every department as a forest (roots first, children nested, sorted by name). */
  async tree(): Promise<DepartmentNode[]> {
    const all = await listDepartments(this.ds.manager);
    const nodes = new Map(all.map((d): [string, DepartmentNode] => [d.id, { id: d.id, name: d.name, parentId: d.parentId, managerId: d.managerId, children: [] }]));
    const roots: DepartmentNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }

  /** One department. */
  async get(id: string): Promise<Department> {
    const found = await this.ds.getRepository(Department).findOneBy({ id });
    if (!found) throw new NotFoundError('Department', id);
    return found;
  }

  /** Creates a department under an existing parent (or as a root). */
  async create(input: Required<Pick<DepartmentInput, 'name'>> & DepartmentInput): Promise<Department> {
    return this.ds.transaction(async (m) => {
      await checkReferences(m, input);
      try {
        return await m.getRepository(Department).save(m.getRepository(Department).create({ name: input.name, parentId: input.parentId ?? null, managerId: input.managerId ?? null }));
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`A department named ${JSON.stringify(input.name)} already exists`);
        throw error;
      }
    });
  }

  /** Renames, moves (never under itself or its own descendants) or changes the manager. */
  async update(id: string, input: DepartmentInput): Promise<Department> {
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(Department);
      const department = await repo.createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id }).getOne();
      if (!department) throw new NotFoundError('Department', id);
      await checkReferences(m, input);
      if (input.parentId && (await isDepartmentInSubtree(m, id, input.parentId))) {
        throw new UnprocessableError('A department cannot be moved under itself or one of its sub-departments', { parentId: input.parentId }, { type: 'department-cycle' });
      }
      if (input.name !== undefined) department.name = input.name;
      if (input.parentId !== undefined) department.parentId = input.parentId;
      if (input.managerId !== undefined) department.managerId = input.managerId;
      try {
        return await repo.save(department);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`A department named ${JSON.stringify(input.name)} already exists`);
        throw error;
      }
    });
  }
}

/** A parent or manager that does not exist is a 422 naming the field. */
async function checkReferences(m: EntityManager, input: DepartmentInput): Promise<void> {
  if (input.parentId && !(await m.getRepository(Department).existsBy({ id: input.parentId }))) {
    throw new UnprocessableError('parentId names no department', { parentId: input.parentId }, { type: 'unknown-reference' });
  }
  if (input.managerId && !(await m.getRepository(Employee).existsBy({ id: input.managerId, status: 'active' }))) {
    throw new UnprocessableError('managerId names no active employee', { managerId: input.managerId }, { type: 'unknown-reference' });
  }
}
