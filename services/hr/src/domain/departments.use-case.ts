import { ConflictError, NotFoundError, UnprocessableError } from '@erp/errors';
import type { HrRepositories } from '../data-access/hr-repositories';
import type { Department } from '../data-access/organisation.entity';
import type { HrDeps } from './hr-deps';

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

/** Every department as a forest (roots first, children nested, sorted by name). */
export async function getDepartmentTree(deps: HrDeps): Promise<DepartmentNode[]> {
  const all = await deps.departments.list();
  const nodes = new Map(
    all.map((d): [string, DepartmentNode] => [
      d.id,
      { id: d.id, name: d.name, parentId: d.parentId, managerId: d.managerId, children: [] },
    ]),
  );
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** One department. */
export async function getDepartment(deps: HrDeps, id: string): Promise<Department> {
  const found = await deps.departments.findById(id);
  if (!found) throw new NotFoundError('Department', id);
  return found;
}

/** Creates a department under an existing parent (or as a root). Writes are for hr (checked at the route). */
export function createDepartment(deps: HrDeps, input: Required<Pick<DepartmentInput, 'name'>> & DepartmentInput): Promise<Department> {
  return deps.transaction(async (tx) => {
    await checkReferences(tx, input);
    const saved = await tx.departments.insert({ name: input.name, parentId: input.parentId ?? null, managerId: input.managerId ?? null });
    if (!saved) throw duplicateName(input.name);
    return saved;
  });
}

/** Renames, moves (never under itself or its own descendants) or changes the manager. */
export function updateDepartment(deps: HrDeps, id: string, input: DepartmentInput): Promise<Department> {
  return deps.transaction(async (tx) => {
    const department = await tx.departments.lock(id);
    if (!department) throw new NotFoundError('Department', id);
    await checkReferences(tx, input);
    if (input.parentId && (await tx.departments.isInSubtree(id, input.parentId))) {
      throw new UnprocessableError(
        'A department cannot be moved under itself or one of its sub-departments',
        { parentId: input.parentId },
        { type: 'department-cycle' },
      );
    }
    if (input.name !== undefined) department.name = input.name;
    if (input.parentId !== undefined) department.parentId = input.parentId;
    if (input.managerId !== undefined) department.managerId = input.managerId;
    const saved = await tx.departments.save(department);
    if (!saved) throw duplicateName(input.name);
    return saved;
  });
}

function duplicateName(name: string | undefined): ConflictError {
  return new ConflictError(`A department named ${JSON.stringify(name)} already exists`);
}

/** A parent or manager that does not exist is a 422 naming the field. */
async function checkReferences(tx: HrRepositories, input: DepartmentInput): Promise<void> {
  if (input.parentId && !(await tx.departments.exists(input.parentId))) {
    throw new UnprocessableError('parentId names no department', { parentId: input.parentId }, { type: 'unknown-reference' });
  }
  if (input.managerId && !(await tx.employees.isActive(input.managerId))) {
    throw new UnprocessableError('managerId names no active employee', { managerId: input.managerId }, { type: 'unknown-reference' });
  }
}
