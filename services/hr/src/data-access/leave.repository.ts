import type { EntityManager } from 'typeorm';
import { LeaveRequest } from './leave.entity';

/** Holidays between two dates (inclusive) as a set of ISO dates. */
export async function holidaysBetween(m: EntityManager, from: string, to: string): Promise<Set<string>> {
  const rows: Array<{ day: string }> = await m.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM holidays WHERE day BETWEEN $1 AND $2`, [from, to]);
  return new Set(rows.map((row) => row.day));
}

/** A submitted or approved request of the same employee that shares at least one half-day slot. */
export async function findOverlapping(m: EntityManager, request: Pick<LeaveRequest, 'id' | 'employeeId' | 'startSlot' | 'endSlot'>): Promise<LeaveRequest | null> {
  return m
    .getRepository(LeaveRequest)
    .createQueryBuilder('r')
    .where('r.employee_id = :employeeId AND r.id <> :id', { employeeId: request.employeeId, id: request.id })
    .andWhere(`r.status IN ('submitted', 'approved')`)
    .andWhere('r.start_slot <= :endSlot AND r.end_slot >= :startSlot', { startSlot: request.startSlot, endSlot: request.endSlot })
    .getOne();
}

/** One row of a balance: a leave type in a year. */
export interface BalanceRow {
  leaveTypeId: string;
  code: string;
  name: string;
  allowNegative: boolean;
  allocated: number;
  approved: number;
  pending: number;
}

/** Allocated, approved and pending days per leave type for an employee and year (every active type, even without allocation). */
export async function balanceRows(m: EntityManager, employeeId: string, year: number, leaveTypeId?: string): Promise<BalanceRow[]> {
  const rows: Array<{ id: string; code: string; name: string; allow_negative: boolean; allocated: string; approved: string; pending: string }> = await m.query(
    `SELECT t.id, t.code, t.name, t.allow_negative,
            COALESCE((SELECT a.days FROM leave_allocations a WHERE a.employee_id = $1 AND a.leave_type_id = t.id AND a.year = $2), 0) AS allocated,
            COALESCE((SELECT sum(r.days) FROM leave_requests r WHERE r.employee_id = $1 AND r.leave_type_id = t.id AND r.status = 'approved' AND extract(year FROM r.start_date) = $2), 0) AS approved,
            COALESCE((SELECT sum(r.days) FROM leave_requests r WHERE r.employee_id = $1 AND r.leave_type_id = t.id AND r.status = 'submitted' AND extract(year FROM r.start_date) = $2), 0) AS pending
       FROM leave_types t
      WHERE ($3::uuid IS NULL OR t.id = $3) AND (t.active OR $3::uuid IS NOT NULL)
      ORDER BY t.code`,
    [employeeId, year, leaveTypeId ?? null],
  );
  return rows.map((row) => ({
    leaveTypeId: row.id,
    code: row.code,
    name: row.name,
    allowNegative: row.allow_negative,
    allocated: Number(row.allocated),
    approved: Number(row.approved),
    pending: Number(row.pending),
  }));
}
