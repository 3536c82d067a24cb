import type { Principal } from '@erp/auth';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '@erp/errors';
import type { HrRepositories } from '../data-access/hr-repositories';
import type { LeaveRequest, LeaveStatus } from '../data-access/leave.entity';
import type { Employee } from '../data-access/organisation.entity';
import { round1 } from './balances.use-case';
import type { HrDeps } from './hr-deps';
import { actorEmployeeId, canDecideFor, canSeeEmployee, isHrStaff } from './record-access';
import { periodProblem, slotsOf, workingDays, type LeavePeriod } from './working-days';

// Leave requests: draft → submitted → approved | rejected, and cancelled.

/** A new request's fields; `employeeId` defaults to the caller (only hr may file for someone else). */
export interface LeaveRequestInput extends LeavePeriod {
  employeeId?: string;
  leaveTypeId: string;
  reason: string;
}

/** Requests the caller may see: their own and their direct reports' (hr: all). */
export function listLeaveRequests(
  deps: HrDeps,
  principal: Principal,
  filter: { employeeId?: string; status?: LeaveStatus },
  page: { limit: number; offset: number },
): Promise<LeaveRequest[]> {
  return deps.leave.listRequests({ ...filter, ...page, visibleTo: isHrStaff(principal) ? null : actorEmployeeId(principal) });
}

/** One request, or 404 when it does not exist or is none of the caller's business. */
export async function getLeaveRequest(deps: HrDeps, principal: Principal, id: string): Promise<LeaveRequest> {
  return (await visible(deps, principal, id)).request;
}

/** Creates a draft. */
export function createLeaveRequest(deps: HrDeps, principal: Principal, input: LeaveRequestInput): Promise<LeaveRequest> {
  const me = actorEmployeeId(principal);
  const employeeId = input.employeeId ?? me;
  if (employeeId !== me && !isHrStaff(principal)) throw new ForbiddenError('You may only request leave for yourself');
  return deps.transaction(async (tx) => {
    const employee = await tx.employees.findById(employeeId);
    if (!employee) throw new UnprocessableError('employeeId names no employee', { employeeId }, { type: 'unknown-reference' });
    if (employee.status !== 'active') throw new ConflictError('The employee has left');
    const type = await tx.leave.findType(input.leaveTypeId, true);
    if (!type)
      throw new UnprocessableError(
        'leaveTypeId names no active leave type',
        { leaveTypeId: input.leaveTypeId },
        { type: 'unknown-reference' },
      );
    const draft = tx.leave.newRequest({ employeeId, leaveTypeId: type.id, reason: input.reason, status: 'draft' });
    await applyPeriod(tx, draft, input);
    return tx.leave.saveRequest(draft);
  });
}

/** Edits a draft (owner or hr). Once submitted, dates change only by cancelling and filing again. */
export function updateLeaveRequest(
  deps: HrDeps,
  principal: Principal,
  id: string,
  input: Partial<Omit<LeaveRequestInput, 'employeeId'>>,
): Promise<LeaveRequest> {
  return deps.transaction(async (tx) => {
    const { request } = await ownedForUpdate(tx, principal, id);
    if (request.status !== 'draft')
      throw new ConflictError(
        `Only a draft can be changed; this request is ${request.status}`,
        { status: request.status },
        { type: 'invalid-state' },
      );
    if (input.leaveTypeId !== undefined) {
      if (!(await tx.leave.findType(input.leaveTypeId, true))) {
        throw new UnprocessableError(
          'leaveTypeId names no active leave type',
          { leaveTypeId: input.leaveTypeId },
          { type: 'unknown-reference' },
        );
      }
      request.leaveTypeId = input.leaveTypeId;
    }
    if (input.reason !== undefined) request.reason = input.reason;
    await applyPeriod(tx, request, { ...request, ...input });
    return tx.leave.saveRequest(request);
  });
}

/** Submits a draft: it may not overlap another submitted or approved request, nor overdraw the balance. */
export function submitLeaveRequest(deps: HrDeps, principal: Principal, id: string): Promise<LeaveRequest> {
  return deps.transaction(async (tx) => {
    const { request } = await ownedForUpdate(tx, principal, id);
    if (request.status !== 'draft')
      throw new ConflictError(
        `Only a draft can be submitted; this request is ${request.status}`,
        { status: request.status },
        { type: 'invalid-state' },
      );
    await applyPeriod(tx, request, request);
    const overlapping = await tx.leave.findOverlapping(request);
    if (overlapping) {
      throw new ConflictError(
        `Overlaps request ${overlapping.id} (${overlapping.startDate} – ${overlapping.endDate}, ${overlapping.status})`,
        { overlappingId: overlapping.id },
        { type: 'leave-overlap' },
      );
    }
    await assertBalanceCovers(tx, request);
    Object.assign(request, { status: 'submitted', submittedAt: new Date() });
    return tx.leave.saveRequest(request);
  });
}

/** Approves (or gives the first of two approvals). Only the employee's manager or hr, never the requester. */
export function approveLeaveRequest(deps: HrDeps, principal: Principal, id: string, note: string | undefined): Promise<LeaveRequest> {
  return decide(deps, principal, id, async (tx, request) => {
    const type = await tx.leave.findType(request.leaveTypeId);
    const decider = actorEmployeeId(principal);
    if (type?.requiresSecondApproval && request.firstApproverId === null) {
      return Object.assign(request, { firstApproverId: decider, decisionNote: note ?? null });
    }
    if (request.firstApproverId === decider) {
      throw new ConflictError('The second approval must come from someone other than the first approver', undefined, {
        type: 'second-approval-required',
      });
    }
    await assertBalanceCovers(tx, request);
    return Object.assign(request, {
      status: 'approved',
      decidedById: decider,
      decidedAt: new Date(),
      decisionNote: note ?? request.decisionNote,
    });
  });
}

/** Rejects a submitted request. Same deciders as approval. */
export function rejectLeaveRequest(deps: HrDeps, principal: Principal, id: string, note: string | undefined): Promise<LeaveRequest> {
  return decide(deps, principal, id, async (_tx, request) =>
    Object.assign(request, {
      status: 'rejected',
      decidedById: actorEmployeeId(principal),
      decidedAt: new Date(),
      decisionNote: note ?? null,
    }),
  );
}

/** Withdraws a request (owner or hr): drafts and submitted ones any time, approved ones only before they start. */
export function cancelLeaveRequest(deps: HrDeps, principal: Principal, id: string): Promise<LeaveRequest> {
  return deps.transaction(async (tx) => {
    const { request } = await ownedForUpdate(tx, principal, id);
    const cancellable =
      request.status === 'draft' || request.status === 'submitted' || (request.status === 'approved' && request.startDate > deps.today());
    if (!cancellable) {
      throw new ConflictError(
        `A ${request.status} request ${request.status === 'approved' ? 'that has started ' : ''}cannot be cancelled`,
        { status: request.status },
        { type: 'invalid-state' },
      );
    }
    request.status = 'cancelled';
    return tx.leave.saveRequest(request);
  });
}

function decide(
  deps: HrDeps,
  principal: Principal,
  id: string,
  change: (tx: HrRepositories, request: LeaveRequest) => Promise<LeaveRequest>,
): Promise<LeaveRequest> {
  return deps.transaction(async (tx) => {
    const { request, employee } = await visible(tx, principal, id, true);
    if (!canDecideFor(principal, employee)) {
      throw new ForbiddenError(
        employee.id === principal.employeeId
          ? 'You cannot decide on your own leave request'
          : 'Only the employee’s manager or hr may decide',
      );
    }
    if (request.status !== 'submitted')
      throw new ConflictError(
        `Only a submitted request can be decided; this one is ${request.status}`,
        { status: request.status },
        { type: 'invalid-state' },
      );
    return tx.leave.saveRequest(await change(tx, request));
  });
}

/** The request and its employee when the caller may see them (else 404); with `lock`, both rows are locked (employee first). */
async function visible(
  repositories: HrRepositories,
  principal: Principal,
  id: string,
  lock = false,
): Promise<{ request: LeaveRequest; employee: Employee }> {
  const peek = await repositories.leave.findRequest(id);
  const employee = peek
    ? await (lock ? repositories.employees.lock(peek.employeeId) : repositories.employees.findById(peek.employeeId))
    : null;
  if (!peek || !employee || !canSeeEmployee(principal, employee)) throw new NotFoundError('LeaveRequest', id);
  const request = lock ? await repositories.leave.lockRequest(id) : peek;
  return { request, employee };
}

/** Like `visible` with locks, but only the requester or hr may go on (a manager may look, not edit). */
async function ownedForUpdate(
  tx: HrRepositories,
  principal: Principal,
  id: string,
): Promise<{ request: LeaveRequest; employee: Employee }> {
  const found = await visible(tx, principal, id, true);
  if (found.employee.id !== principal.employeeId && !isHrStaff(principal))
    throw new ForbiddenError('Only the requester or hr may change this request');
  return found;
}

/** Validates the period and (re)computes slots and working days against the current holiday calendar. */
async function applyPeriod(tx: HrRepositories, request: LeaveRequest, period: LeavePeriod): Promise<void> {
  const problem = periodProblem(period);
  if (problem) throw new UnprocessableError(problem, { startDate: period.startDate, endDate: period.endDate }, { type: 'invalid-period' });
  const days = workingDays(period, await tx.leave.holidaysBetween(period.startDate, period.endDate));
  if (days <= 0)
    throw new UnprocessableError(
      'The period contains no working days',
      { startDate: period.startDate, endDate: period.endDate },
      { type: 'no-working-days' },
    );
  Object.assign(request, {
    startDate: period.startDate,
    endDate: period.endDate,
    halfDayStart: period.halfDayStart,
    halfDayEnd: period.halfDayEnd,
    days,
    ...slotsOf(period),
  });
}

/** The balance after this request (which may already count as pending) must not go below zero unless the type allows it. */
async function assertBalanceCovers(tx: HrRepositories, request: LeaveRequest): Promise<void> {
  const [row] = await tx.leave.balanceRows(request.employeeId, Number(request.startDate.slice(0, 4)), request.leaveTypeId);
  if (!row || row.allowNegative) return;
  const alreadyCounted = request.status === 'submitted' ? request.days : 0;
  const available = round1(row.allocated - row.approved - row.pending + alreadyCounted);
  if (request.days > available) {
    throw new ConflictError(
      `Not enough ${row.code} leave: ${request.days} days requested, ${available} available`,
      { requested: request.days, available },
      { type: 'insufficient-balance' },
    );
  }
}
