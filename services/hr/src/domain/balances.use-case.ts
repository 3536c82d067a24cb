import type { Principal } from '@erp/auth';
import { NotFoundError } from '@erp/errors';
import type { HrDeps } from './hr-deps';
import { canSeeEmployee } from './record-access';

/** A balance: always allocated − approved − pending. */
export interface Balance {
  leaveTypeId: string;
  code: string;
  name: string;
  year: number;
  allocated: number;
  approved: number;
  pending: number;
  available: number;
}

/** Every active leave type's balance for an employee the caller may see, computed from the records (never stored, so never out of step). */
export async function getBalances(deps: HrDeps, principal: Principal, employeeId: string, year: number): Promise<Balance[]> {
  const employee = await deps.employees.findById(employeeId);
  if (!employee || !canSeeEmployee(principal, employee)) throw new NotFoundError('Employee', employeeId);
  const rows = await deps.leave.balanceRows(employeeId, year);
  return rows.map((row) => ({
    leaveTypeId: row.leaveTypeId,
    code: row.code,
    name: row.name,
    year,
    allocated: row.allocated,
    approved: row.approved,
    pending: row.pending,
    available: round1(row.allocated - row.approved - row.pending),
  }));
}

/** Days are multiples of 0.5; keep sums free of floating-point dust. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
