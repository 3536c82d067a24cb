import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@erp/auth';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '@erp/service-kit';
import { LeaveRequest, LeaveType, type LeaveStatus } from '../data-access/leave.entity';
import { Employee } from '../data-access/organisation.entity';
import { balanceRows, findOverlapping, holidaysBetween } from '../data-access/leave.repository';
import { lockEmployee } from '../data-access/organisation.repository';
import { actorEmployeeId, canDecideFor, canSeeEmployee, isHrStaff } from './access-policy';
import { round1 } from './balances.use-case';
import { periodProblem, slotsOf, workingDays, type LeavePeriod } from './working-days';

/** A new request's fields; `employeeId` defaults to the caller (only hr may file for someone else). */
export interface LeaveRequestInput extends LeavePeriod {
  employeeId?: string;
  leaveTypeId: string;
  reason: string;
}

/** Leave requests: draft → submitted → approved | rejected, and cancelled. */
export class LeaveRequestsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly today: () => string = () => new Date().toISOString().slice(0, 10),
  ) {}

  /** Requests the caller may see: their own and their direct reports' (hr: all). */
  async list(principal: Principal, filter: { employeeId?: string; status?: LeaveStatus }, page: { limit: number; offset: number }): Promise<LeaveRequest[]> {
    const qb = this.ds.getRepository(LeaveRequest).createQueryBuilder('r').orderBy('r.start_date', 'DESC').addOrderBy('r.id');
    if (!isHrStaff(principal)) {
      qb.innerJoin(Employee, 'e', 'e.id = r.employee_id').andWhere('(e.id = :me OR e.manager_id = :me)', { me: actorEmployeeId(principal) });
    }
    if (filter.employeeId) qb.andWhere('r.employee_id = :employeeId', { employeeId: filter.employeeId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    return qb.limit(page.limit).offset(page.offset).getMany();
  }

  /** One request, or 404 when it does not exist or is none of the caller's business. */
  async get(principal: Principal, id: string): Promise<LeaveRequest> {
    return (await this.visible(this.ds.manager, principal, id)).request;
  }

  /** Creates a draft. */
  async create(principal: Principal, input: LeaveRequestInput): Promise<LeaveRequest> {
    const me = actorEmployeeId(principal);
    const employeeId = input.employeeId ?? me;
    if (employeeId !== me && !isHrStaff(principal)) throw new ForbiddenError('You may only request leave for yourself');
    return this.ds.transaction(async (m) => {
      const employee = await m.getRepository(Employee).findOneBy({ id: employeeId });
      if (!employee) throw new UnprocessableError('employeeId names no employee', { employeeId }, { type: 'unknown-reference' });
      if (employee.status !== 'active') throw new ConflictError('The employee has left');
      const type = await m.getRepository(LeaveType).findOneBy({ id: input.leaveTypeId, active: true });
      if (!type) throw new UnprocessableError('leaveTypeId names no active leave type', { leaveTypeId: input.leaveTypeId }, { type: 'unknown-reference' });
      const draft = m.getRepository(LeaveRequest).create({ employeeId, leaveTypeId: type.id, reason: input.reason, status: 'draft' });
      await applyPeriod(m, draft, input);
      return m.getRepository(LeaveRequest).save(draft);
    });
  }

  /** Edits a draft (owner or hr). Once submitted, dates change only by cancelling and filing again. */
  async update(principal: Principal, id: string, input: Partial<Omit<LeaveRequestInput, 'employeeId'>>): Promise<LeaveRequest> {
    return this.ds.transaction(async (m) => {
      const { request } = await this.ownedForUpdate(m, principal, id);
      if (request.status !== 'draft') throw new ConflictError(`Only a draft can be changed; this request is ${request.status}`, { status: request.status }, { type: 'invalid-state' });
      if (input.leaveTypeId !== undefined) {
        if (!(await m.getRepository(LeaveType).existsBy({ id: input.leaveTypeId, active: true }))) {
          throw new UnprocessableError('leaveTypeId names no active leave type', { leaveTypeId: input.leaveTypeId }, { type: 'unknown-reference' });
        }
        request.leaveTypeId = input.leaveTypeId;
      }
      if (input.reason !== undefined) request.reason = input.reason;
      await applyPeriod(m, request, { ...request, ...input });
      return m.getRepository(LeaveRequest).save(request);
    });
  }

  /** Submits a draft: it may not overlap another submitted or approved request, nor overdraw the balance. */
  async submit(principal: Principal, id: string): Promise<LeaveRequest> {
    return this.ds.transaction(async (m) => {
      const { request } = await this.ownedForUpdate(m, principal, id);
      if (request.status !== 'draft') throw new ConflictError(`Only a draft can be submitted; this request is ${request.status}`, { status: request.status }, { type: 'invalid-state' });
      await applyPeriod(m, request, request);
      const overlapping = await findOverlapping(m, request);
      if (overlapping) {
        throw new ConflictError(`Overlaps request ${overlapping.id} (${overlapping.startDate} – ${overlapping.endDate}, ${overlapping.status})`, { overlappingId: overlapping.id }, { type: 'leave-overlap' });
      }
      await assertBalanceCovers(m, request);
      Object.assign(request, { status: 'submitted', submittedAt: new Date() });
      return m.getRepository(LeaveRequest).save(request);
    });
  }

  /** Approves (or gives the first of two approvals). Only the employee's manager or hr, never the requester. */
  async approve(principal: Principal, id: string, note: string | undefined): Promise<LeaveRequest> {
    return this.decide(principal, id, async (m, request) => {
      const type = await m.getRepository(LeaveType).findOneByOrFail({ id: request.leaveTypeId });
      const decider = actorEmployeeId(principal);
      if (type.requiresSecondApproval && request.firstApproverId === null) {
        return Object.assign(request, { firstApproverId: decider, decisionNote: note ?? null });
      }
      if (request.firstApproverId === decider) {
        throw new ConflictError('The second approval must come from someone other than the first approver', undefined, { type: 'second-approval-required' });
      }
      await assertBalanceCovers(m, request);
      return Object.assign(request, { status: 'approved', decidedById: decider, decidedAt: new Date(), decisionNote: note ?? request.decisionNote });
    });
  }

  /** Rejects a submitted request. Same deciders as approval. */
  async reject(principal: Principal, id: string, note: string | undefined): Promise<LeaveRequest> {
    return this.decide(principal, id, async (_m, request) =>
      Object.assign(request, { status: 'rejected', decidedById: actorEmployeeId(principal), decidedAt: new Date(), decisionNote: note ?? null }),
    );
  }

  /** Withdraws a request (owner or hr): drafts and submitted ones any time, approved ones only before they start. */
  async cancel(principal: Principal, id: string): Promise<LeaveRequest> {
    return this.ds.transaction(async (m) => {
      const { request } = await this.ownedForUpdate(m, principal, id);
      const cancellable = request.status === 'draft' || request.status === 'submitted' || (request.status === 'approved' && request.startDate > this.today());
      if (!cancellable) {
        throw new ConflictError(`A ${request.status} request ${request.status === 'approved' ? 'that has started ' : ''}cannot be cancelled`, { status: request.status }, { type: 'invalid-state' });
      }
      request.status = 'cancelled';
      return m.getRepository(LeaveRequest).save(request);
    });
  }

  private async decide(principal: Principal, id: string, change: (m: EntityManager, request: LeaveRequest) => Promise<LeaveRequest>): Promise<LeaveRequest> {
    return this.ds.transaction(async (m) => {
      const { request, employee } = await this.visible(m, principal, id, true);
      if (!canDecideFor(principal, employee)) {
        throw new ForbiddenError(employee.id === principal.employeeId ? 'You cannot decide on your own leave request' : 'Only the employee’s manager or hr may decide');
      }
      if (request.status !== 'submitted') throw new ConflictError(`Only a submitted request can be decided; this one is ${request.status}`, { status: request.status }, { type: 'invalid-state' });
      return m.getRepository(LeaveRequest).save(await change(m, request));
    });
  }

  /** The request and its employee when the caller may see them (else 404); with `lock`, both rows are locked (employee first). */
  private async visible(m: EntityManager, principal: Principal, id: string, lock = false): Promise<{ request: LeaveRequest; employee: Employee }> {
    const peek = await m.getRepository(LeaveRequest).findOneBy({ id });
    const employee = peek ? await (lock ? lockEmployee(m, peek.employeeId) : m.getRepository(Employee).findOneBy({ id: peek.employeeId })) : null;
    if (!peek || !employee || !canSeeEmployee(principal, employee)) throw new NotFoundError('LeaveRequest', id);
    const request = lock ? await m.getRepository(LeaveRequest).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOneOrFail() : peek;
    return { request, employee };
  }

  /** Like `visible` with locks, but only the requester or hr may go on (a manager may look, not edit). */
  private async ownedForUpdate(m: EntityManager, principal: Principal, id: string): Promise<{ request: LeaveRequest; employee: Employee }> {
    const found = await this.visible(m, principal, id, true);
    if (found.employee.id !== principal.employeeId && !isHrStaff(principal)) throw new ForbiddenError('Only the requester or hr may change this request');
    return found;
  }
}

/** Validates the period and (re)computes slots and working days against the current holiday calendar. */
async function applyPeriod(m: EntityManager, request: LeaveRequest, period: LeavePeriod): Promise<void> {
  const problem = periodProblem(period);
  if (problem) throw new UnprocessableError(problem, { startDate: period.startDate, endDate: period.endDate }, { type: 'invalid-period' });
  const days = workingDays(period, await holidaysBetween(m, period.startDate, period.endDate));
  if (days <= 0) throw new UnprocessableError('The period contains no working days', { startDate: period.startDate, endDate: period.endDate }, { type: 'no-working-days' });
  Object.assign(request, { startDate: period.startDate, endDate: period.endDate, halfDayStart: period.halfDayStart, halfDayEnd: period.halfDayEnd, days, ...slotsOf(period) });
}

/** The balance after this request (which may already count as pending) must not go below zero unless the type allows it. */
async function assertBalanceCovers(m: EntityManager, request: LeaveRequest): Promise<void> {
  const [row] = await balanceRows(m, request.employeeId, Number(request.startDate.slice(0, 4)), request.leaveTypeId);
  if (!row || row.allowNegative) return;
  const alreadyCounted = request.status === 'submitted' ? request.days : 0;
  const available = round1(row.allocated - row.approved - row.pending + alreadyCounted);
  if (request.days > available) {
    throw new ConflictError(`Not enough ${row.code} leave: ${request.days} days requested, ${available} available`, { requested: request.days, available }, { type: 'insufficient-balance' });
  }
}
