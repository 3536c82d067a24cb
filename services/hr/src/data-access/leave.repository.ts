import { unlessDuplicate } from '@erp/service-kit';
import type { EntityManager } from 'typeorm';
import { Holiday, LeaveAllocation, LeaveRequest, LeaveType, type LeaveStatus } from './leave.entity';
import { Employee } from './organisation.entity';

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

/** Which leave requests a list shows and in which page. */
export interface LeaveRequestListQuery {
  /** Only requests of this person and their direct reports; null for everyone. */
  visibleTo: string | null;
  employeeId?: string;
  status?: LeaveStatus;
  limit: number;
  offset: number;
}

/** The fields of a leave type. */
export type LeaveTypeValues = Pick<LeaveType, 'code' | 'name' | 'allowNegative' | 'requiresSecondApproval' | 'active'>;

/** SQL access to leave: types, allocations, the holiday calendar, requests and balances. */
export class LeaveRepository {
  constructor(private readonly m: EntityManager) {}

  /** All leave types by code. */
  listTypes(): Promise<LeaveType[]> {
    return this.m.getRepository(LeaveType).find({ order: { code: 'ASC' } });
  }

  /** One leave type (only an active one with `activeOnly`), or null. */
  findType(id: string, activeOnly = false): Promise<LeaveType | null> {
    return this.m.getRepository(LeaveType).findOneBy(activeOnly ? { id, active: true } : { id });
  }

  /** Inserts a leave type; null when the code is taken. */
  insertType(values: LeaveTypeValues): Promise<LeaveType | null> {
    const repository = this.m.getRepository(LeaveType);
    return unlessDuplicate(() => repository.save(repository.create(values)));
  }

  /** Inserts every type whose code is not there yet (demo data). */
  async ensureTypes(types: ReadonlyArray<Pick<LeaveType, 'code' | 'name' | 'allowNegative' | 'requiresSecondApproval'>>): Promise<void> {
    for (const type of types) {
      await this.m.query(
        `INSERT INTO leave_types (code, name, allow_negative, requires_second_approval) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
        [type.code, type.name, type.allowNegative, type.requiresSecondApproval],
      );
    }
  }

  /** Stores a changed leave type. */
  saveType(type: LeaveType): Promise<LeaveType> {
    return this.m.getRepository(LeaveType).save(type);
  }

  /** Sets (inserts or overwrites, unless `keepExisting`) an employee's days of a type in a year and returns the stored allocation. */
  async setAllocation(
    input: { employeeId: string; leaveTypeId: string; year: number; days: number },
    keepExisting = false,
  ): Promise<LeaveAllocation> {
    await this.m.query(
      `INSERT INTO leave_allocations (employee_id, leave_type_id, year, days) VALUES ($1, $2, $3, $4)
       ON CONFLICT (employee_id, leave_type_id, year) DO ${keepExisting ? 'NOTHING' : 'UPDATE SET days = EXCLUDED.days, updated_at = now()'}`,
      [input.employeeId, input.leaveTypeId, input.year, input.days],
    );
    return this.m
      .getRepository(LeaveAllocation)
      .findOneByOrFail({ employeeId: input.employeeId, leaveTypeId: input.leaveTypeId, year: input.year });
  }

  /** Allocations of one employee in a year. */
  allocations(employeeId: string, year: number): Promise<LeaveAllocation[]> {
    return this.m.getRepository(LeaveAllocation).find({ where: { employeeId, year } });
  }

  /** The holiday calendar of a year. */
  holidays(year: number): Promise<Holiday[]> {
    return this.m
      .getRepository(Holiday)
      .createQueryBuilder('h')
      .where('extract(year FROM h.day) = :year', { year })
      .orderBy('h.day')
      .getMany();
  }

  /** Holidays between two dates (inclusive) as a set of ISO dates. */
  async holidaysBetween(from: string, to: string): Promise<Set<string>> {
    const rows: Array<{ day: string }> = await this.m.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM holidays WHERE day BETWEEN $1 AND $2`,
      [from, to],
    );
    return new Set(rows.map((row) => row.day));
  }

  /** Adds a holiday; false when the day already is one. */
  async insertHoliday(holiday: Holiday): Promise<boolean> {
    return (await unlessDuplicate(() => this.m.getRepository(Holiday).insert(holiday))) !== null;
  }

  /** Removes a holiday; false when the day was none. */
  async deleteHoliday(day: string): Promise<boolean> {
    return Boolean((await this.m.getRepository(Holiday).delete({ day })).affected);
  }

  /** One page of requests, latest start first. */
  listRequests(query: LeaveRequestListQuery): Promise<LeaveRequest[]> {
    const qb = this.m.getRepository(LeaveRequest).createQueryBuilder('r').orderBy('r.start_date', 'DESC').addOrderBy('r.id');
    if (query.visibleTo !== null)
      qb.innerJoin(Employee, 'e', 'e.id = r.employee_id').andWhere('(e.id = :me OR e.manager_id = :me)', { me: query.visibleTo });
    if (query.employeeId) qb.andWhere('r.employee_id = :employeeId', { employeeId: query.employeeId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    return qb.limit(query.limit).offset(query.offset).getMany();
  }

  /** One request, or null. */
  findRequest(id: string): Promise<LeaveRequest | null> {
    return this.m.getRepository(LeaveRequest).findOneBy({ id });
  }

  /** Locks a request row for the rest of the transaction (it must exist). */
  lockRequest(id: string): Promise<LeaveRequest> {
    return this.m
      .getRepository(LeaveRequest)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOneOrFail();
  }

  /** A new, not yet stored request. */
  newRequest(values: Pick<LeaveRequest, 'employeeId' | 'leaveTypeId' | 'reason' | 'status'>): LeaveRequest {
    return this.m.getRepository(LeaveRequest).create(values);
  }

  /** Inserts or updates a request. */
  saveRequest(request: LeaveRequest): Promise<LeaveRequest> {
    return this.m.getRepository(LeaveRequest).save(request);
  }

  /** Cancels every draft and submitted request of an employee (they left). */
  async cancelOpenRequestsOf(employeeId: string): Promise<void> {
    await this.m.query(
      `UPDATE leave_requests SET status = 'cancelled', updated_at = now() WHERE employee_id = $1 AND status IN ('draft', 'submitted')`,
      [employeeId],
    );
  }

  /** A submitted or approved request of the same employee that shares at least one half-day slot. */
  findOverlapping(request: Pick<LeaveRequest, 'id' | 'employeeId' | 'startSlot' | 'endSlot'>): Promise<LeaveRequest | null> {
    return this.m
      .getRepository(LeaveRequest)
      .createQueryBuilder('r')
      .where('r.employee_id = :employeeId AND r.id <> :id', { employeeId: request.employeeId, id: request.id })
      .andWhere(`r.status IN ('submitted', 'approved')`)
      .andWhere('r.start_slot <= :endSlot AND r.end_slot >= :startSlot', { startSlot: request.startSlot, endSlot: request.endSlot })
      .getOne();
  }

  /** Allocated, approved and pending days per leave type for an employee and year (every active type, even without allocation). */
  async balanceRows(employeeId: string, year: number, leaveTypeId?: string): Promise<BalanceRow[]> {
    const rows: Array<{
      id: string;
      code: string;
      name: string;
      allow_negative: boolean;
      allocated: string;
      approved: string;
      pending: string;
    }> = await this.m.query(
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
}
