import type { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, UnprocessableError } from '@erp/service-kit';
import { Holiday, LeaveAllocation, LeaveType } from '../data-access/leave.entity';
import { Employee } from '../data-access/organisation.entity';
import { balanceRows } from '../data-access/leave.repository';
import { lockEmployee } from '../data-access/organisation.repository';
import { isUniqueViolation } from '../data-access/pg-helpers';
import { round1 } from './balances.use-case';

/** Fields of a leave type. */
export interface LeaveTypeInput {
  code: string;
  name: string;
  allowNegative: boolean;
  requiresSecondApproval: boolean;
  active: boolean;
}

/** What hr configures: leave types, yearly allocations, the holiday calendar. */
export class LeaveSetupUseCase {
  constructor(private readonly ds: DataSource) {}

  /** All leave types (inactive ones too, so old requests stay readable). */
  listTypes(): Promise<LeaveType[]> {
    return this.ds.getRepository(LeaveType).find({ order: { code: 'ASC' } });
  }

  /** Adds a leave type; its code is unique. */
  async createType(input: LeaveTypeInput): Promise<LeaveType> {
    try {
      return await this.ds.getRepository(LeaveType).save(this.ds.getRepository(LeaveType).create(input));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A leave type with code ${JSON.stringify(input.code)} already exists`);
      throw error;
    }
  }

  /** Changes a leave type's name or rules (the code is fixed). */
  async updateType(id: string, input: Partial<Omit<LeaveTypeInput, 'code'>>): Promise<LeaveType> {
    const type = await this.ds.getRepository(LeaveType).findOneBy({ id });
    if (!type) throw new NotFoundError('LeaveType', id);
    return this.ds.getRepository(LeaveType).save(Object.assign(type, input));
  }

  /**
   * Sets an employee's allocation of a type for a year. Lowering it below what is already approved
   * or pending is refused unless the type allows a negative balance.
   */
  async setAllocation(input: { employeeId: string; leaveTypeId: string; year: number; days: number }): Promise<LeaveAllocation> {
    return this.ds.transaction(async (m) => {
      const employee = await lockEmployee(m, input.employeeId);
      if (!employee) throw new UnprocessableError('employeeId names no employee', { employeeId: input.employeeId }, { type: 'unknown-reference' });
      if (employee.status === 'left') throw new ConflictError('The employee has left');
      const [row] = await balanceRows(m, input.employeeId, input.year, input.leaveTypeId);
      if (!row) throw new UnprocessableError('leaveTypeId names no leave type', { leaveTypeId: input.leaveTypeId }, { type: 'unknown-reference' });
      const used = round1(row.approved + row.pending);
      if (!row.allowNegative && input.days < used) {
        throw new ConflictError(`${used} days are already approved or pending; the allocation cannot be lower`, { used }, { type: 'allocation-below-usage' });
      }
      await m.query(
        `INSERT INTO leave_allocations (employee_id, leave_type_id, year, days) VALUES ($1, $2, $3, $4)
         ON CONFLICT (employee_id, leave_type_id, year) DO UPDATE SET days = EXCLUDED.days, updated_at = now()`,
        [input.employeeId, input.leaveTypeId, input.year, input.days],
      );
      return m.getRepository(LeaveAllocation).findOneByOrFail({ employeeId: input.employeeId, leaveTypeId: input.leaveTypeId, year: input.year });
    });
  }

  /** Allocations of one employee in a year. */
  async allocations(employeeId: string, year: number): Promise<LeaveAllocation[]> {
    if (!(await this.ds.getRepository(Employee).existsBy({ id: employeeId }))) throw new NotFoundError('Employee', employeeId);
    return this.ds.getRepository(LeaveAllocation).find({ where: { employeeId, year } });
  }

  /** The holiday calendar of a year. */
  holidays(year: number): Promise<Holiday[]> {
    return this.ds.getRepository(Holiday).createQueryBuilder('h').where('extract(year FROM h.day) = :year', { year }).orderBy('h.day').getMany();
  }

  /** Adds a holiday. Requests already submitted keep the day count they were submitted with. */
  async addHoliday(input: { day: string; name: string }): Promise<Holiday> {
    try {
      await this.ds.getRepository(Holiday).insert(input);
      return input;
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`${input.day} is already a holiday`);
      throw error;
    }
  }

  /** Removes a holiday. */
  async removeHoliday(day: string): Promise<void> {
    const result = await this.ds.getRepository(Holiday).delete({ day });
    if (!result.affected) throw new NotFoundError('Holiday', day);
  }
}
