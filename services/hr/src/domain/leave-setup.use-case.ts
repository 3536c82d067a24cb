import { ConflictError, NotFoundError, UnprocessableError } from '@erp/errors';
import type { LeaveTypeValues } from '../data-access/leave.repository';
import type { Holiday, LeaveAllocation, LeaveType } from '../data-access/leave.entity';
import { round1 } from './balances.use-case';
import type { HrDeps } from './hr-deps';

// What hr configures: leave types, yearly allocations, the holiday calendar.

/** Fields of a leave type. */
export type LeaveTypeInput = LeaveTypeValues;

/** All leave types (inactive ones too, so old requests stay readable). */
export function listLeaveTypes(deps: HrDeps): Promise<LeaveType[]> {
  return deps.leave.listTypes();
}

/** Adds a leave type; its code is unique. */
export async function createLeaveType(deps: HrDeps, input: LeaveTypeInput): Promise<LeaveType> {
  const created = await deps.leave.insertType(input);
  if (!created) throw new ConflictError(`A leave type with code ${JSON.stringify(input.code)} already exists`);
  return created;
}

/** Changes a leave type's name or rules (the code is fixed). */
export async function updateLeaveType(deps: HrDeps, id: string, input: Partial<Omit<LeaveTypeInput, 'code'>>): Promise<LeaveType> {
  const type = await deps.leave.findType(id);
  if (!type) throw new NotFoundError('LeaveType', id);
  return deps.leave.saveType(Object.assign(type, input));
}

/**
 * Sets an employee's allocation of a type for a year. Lowering it below what is already approved
 * or pending is refused unless the type allows a negative balance.
 */
export function setAllocation(
  deps: HrDeps,
  input: { employeeId: string; leaveTypeId: string; year: number; days: number },
): Promise<LeaveAllocation> {
  return deps.transaction(async (tx) => {
    const employee = await tx.employees.lock(input.employeeId);
    if (!employee)
      throw new UnprocessableError('employeeId names no employee', { employeeId: input.employeeId }, { type: 'unknown-reference' });
    if (employee.status === 'left') throw new ConflictError('The employee has left');
    const [row] = await tx.leave.balanceRows(input.employeeId, input.year, input.leaveTypeId);
    if (!row)
      throw new UnprocessableError('leaveTypeId names no leave type', { leaveTypeId: input.leaveTypeId }, { type: 'unknown-reference' });
    const used = round1(row.approved + row.pending);
    if (!row.allowNegative && input.days < used) {
      throw new ConflictError(
        `${used} days are already approved or pending; the allocation cannot be lower`,
        { used },
        { type: 'allocation-below-usage' },
      );
    }
    return tx.leave.setAllocation(input);
  });
}

/** Allocations of one employee in a year. */
export async function listAllocations(deps: HrDeps, employeeId: string, year: number): Promise<LeaveAllocation[]> {
  if (!(await deps.employees.findById(employeeId))) throw new NotFoundError('Employee', employeeId);
  return deps.leave.allocations(employeeId, year);
}

/** The holiday calendar of a year. */
export function listHolidays(deps: HrDeps, year: number): Promise<Holiday[]> {
  return deps.leave.holidays(year);
}

/** Adds a holiday. Requests already submitted keep the day count they were submitted with. */
export async function addHoliday(deps: HrDeps, input: { day: string; name: string }): Promise<Holiday> {
  if (!(await deps.leave.insertHoliday(input))) throw new ConflictError(`${input.day} is already a holiday`);
  return input;
}

/** Removes a holiday. */
export async function removeHoliday(deps: HrDeps, day: string): Promise<void> {
  if (!(await deps.leave.deleteHoliday(day))) throw new NotFoundError('Holiday', day);
}
