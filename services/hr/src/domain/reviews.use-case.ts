import { randomUUID } from 'node:crypto';
import type { Principal } from '@erp/auth';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '@erp/errors';
import type { HrRepositories } from '../data-access/hr-repositories';
import type { Review, ReviewCycle, ReviewGoal, ReviewStatus } from '../data-access/review.entity';
import type { HrDeps } from './hr-deps';
import { actorEmployeeId, isHrStaff } from './record-access';

// Performance reviews: open → self-assessed → manager-assessed → closed, one per employee per cycle.

/** A goal as written by the reviewer. */
export interface GoalInput {
  title: string;
  weight: number;
}

/** One score per goal. */
export interface Assessment {
  scores: Array<{ goalId: string; score: number }>;
  comment?: string;
}

/** All cycles, newest first. */
export function listReviewCycles(deps: HrDeps): Promise<ReviewCycle[]> {
  return deps.reviews.cycles();
}

/** Opens a cycle (hr). */
export async function createReviewCycle(deps: HrDeps, input: { name: string; startsOn: string; endsOn: string }): Promise<ReviewCycle> {
  if (input.endsOn < input.startsOn) throw new UnprocessableError('endsOn is before startsOn', input, { type: 'invalid-period' });
  const created = await deps.reviews.insertCycle(input);
  if (!created) throw new ConflictError(`A cycle named ${JSON.stringify(input.name)} already exists`);
  return created;
}

/** Starts an employee's review with weighted goals; by their manager (who becomes the reviewer) or hr. */
export async function createReview(
  deps: HrDeps,
  principal: Principal,
  input: { cycleId: string; employeeId: string; goals: GoalInput[] },
): Promise<Review> {
  const me = actorEmployeeId(principal);
  const employee = await deps.employees.findById(input.employeeId);
  const isManager = employee !== null && employee.managerId === me;
  if (!employee || (!isManager && !isHrStaff(principal)))
    throw new UnprocessableError(
      'employeeId names no employee you can review',
      { employeeId: input.employeeId },
      { type: 'unknown-reference' },
    );
  if (employee.id === me) throw new ForbiddenError('You cannot review yourself');
  if (employee.status !== 'active') throw new ConflictError('The employee has left');
  if (!(await deps.reviews.cycleExists(input.cycleId)))
    throw new UnprocessableError('cycleId names no review cycle', { cycleId: input.cycleId }, { type: 'unknown-reference' });
  const reviewerId = isManager ? me : (employee.managerId ?? me);
  const created = await deps.reviews.insert({
    cycleId: input.cycleId,
    employeeId: employee.id,
    reviewerId,
    status: 'open',
    goals: toGoals(input.goals),
    finalScore: null,
  });
  if (!created) throw new ConflictError('This employee already has a review in this cycle', undefined, { type: 'duplicate-review' });
  return created;
}

/** Reviews the caller may see: their own, those they review, and (hr) all. */
export function listReviews(deps: HrDeps, principal: Principal, filter: { cycleId?: string; employeeId?: string }): Promise<Review[]> {
  return deps.reviews.list({ ...filter, visibleTo: isHrStaff(principal) ? null : actorEmployeeId(principal) });
}

/** One review, or 404 for anyone but the employee, the reviewer and hr. */
export function getReview(deps: HrDeps, principal: Principal, id: string): Promise<Review> {
  return visible(deps, principal, id, false);
}

/** Replaces the goals while the review is open (reviewer or hr). */
export function setReviewGoals(deps: HrDeps, principal: Principal, id: string, goals: GoalInput[]): Promise<Review> {
  return transition(deps, principal, id, 'reviewer', 'open', (review) => Object.assign(review, { goals: toGoals(goals) }));
}

/** The employee scores every goal: open → self-assessed. */
export function selfAssessReview(deps: HrDeps, principal: Principal, id: string, input: Assessment): Promise<Review> {
  return transition(deps, principal, id, 'employee', 'open', (review) =>
    Object.assign(review, { goals: scored(review.goals, input, 'selfScore'), selfComment: input.comment ?? null, status: 'self-assessed' }),
  );
}

/** The reviewer scores every goal: self-assessed → manager-assessed, and the final weighted score is set. */
export function managerAssessReview(deps: HrDeps, principal: Principal, id: string, input: Assessment): Promise<Review> {
  return transition(deps, principal, id, 'reviewer', 'self-assessed', (review) => {
    const goals = scored(review.goals, input, 'managerScore');
    return Object.assign(review, {
      goals,
      managerComment: input.comment ?? null,
      status: 'manager-assessed',
      finalScore: weightedScore(goals),
    });
  });
}

/** Closes an assessed review (reviewer or hr). */
export function closeReview(deps: HrDeps, principal: Principal, id: string): Promise<Review> {
  return transition(deps, principal, id, 'reviewer', 'manager-assessed', (review) => Object.assign(review, { status: 'closed' }));
}

function transition(
  deps: HrDeps,
  principal: Principal,
  id: string,
  who: 'employee' | 'reviewer',
  from: ReviewStatus,
  change: (review: Review) => Review,
): Promise<Review> {
  return deps.transaction(async (tx) => {
    const review = await visible(tx, principal, id, true);
    const me = principal.employeeId;
    const allowed =
      who === 'employee' ? review.employeeId === me : me !== review.employeeId && (review.reviewerId === me || isHrStaff(principal));
    if (!allowed)
      throw new ForbiddenError(
        who === 'employee' ? 'Only the employee assesses themselves' : 'Only the reviewer or hr may do this, and never on their own review',
      );
    if (review.status !== from)
      throw new ConflictError(
        `The review is ${review.status}; this step needs it ${from}`,
        { status: review.status },
        { type: 'invalid-state' },
      );
    return tx.reviews.save(change(review));
  });
}

async function visible(repositories: HrRepositories, principal: Principal, id: string, lock: boolean): Promise<Review> {
  const review = await repositories.reviews.findById(id, lock);
  const me = principal.employeeId;
  if (!review || !(isHrStaff(principal) || (me !== null && (review.employeeId === me || review.reviewerId === me))))
    throw new NotFoundError('Review', id);
  return review;
}

function toGoals(goals: GoalInput[]): ReviewGoal[] {
  const total = goals.reduce((sum, goal) => sum + goal.weight, 0);
  if (Math.abs(total - 100) > 1e-9)
    throw new UnprocessableError(
      `Goal weights must add up to 100 (they add up to ${total})`,
      { totalWeight: total },
      { type: 'invalid-weights' },
    );
  return goals.map((goal) => ({ id: randomUUID(), title: goal.title, weight: goal.weight, selfScore: null, managerScore: null }));
}

function scored(goals: ReviewGoal[], input: Assessment, field: 'selfScore' | 'managerScore'): ReviewGoal[] {
  const scores = new Map(input.scores.map((s) => [s.goalId, s.score]));
  const unknown = [...scores.keys()].filter((goalId) => !goals.some((goal) => goal.id === goalId));
  const missing = goals.filter((goal) => !scores.has(goal.id)).map((goal) => goal.id);
  if (unknown.length > 0 || missing.length > 0 || scores.size !== input.scores.length) {
    throw new UnprocessableError(
      'Score every goal of the review exactly once',
      { unknownGoalIds: unknown, missingGoalIds: missing },
      { type: 'incomplete-assessment' },
    );
  }
  return goals.map((goal) => ({ ...goal, [field]: scores.get(goal.id) ?? null }));
}

/** Σ weight × manager score / Σ weight, rounded to two decimals. */
export function weightedScore(goals: ReviewGoal[]): number {
  const total = goals.reduce((sum, goal) => sum + goal.weight, 0);
  const weighted = goals.reduce((sum, goal) => sum + goal.weight * (goal.managerScore ?? 0), 0);
  return Math.round((weighted / total) * 100) / 100;
}
