import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@erp/auth';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '@erp/service-kit';
import { Employee } from '../data-access/organisation.entity';
import { isUniqueViolation } from '../data-access/pg-helpers';
import { Review, ReviewCycle, type ReviewGoal, type ReviewStatus } from '../data-access/review.entity';
import { actorEmployeeId, isHrStaff } from './access-policy';

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

/** Performance reviews: open → self-assessed → manager-assessed → closed, one per employee per cycle. */
export class ReviewsUseCase {
  constructor(private readonly ds: DataSource) {}

  /** All cycles, newest first. */
  cycles(): Promise<ReviewCycle[]> {
    return this.ds.getRepository(ReviewCycle).find({ order: { startsOn: 'DESC' } });
  }

  /** Opens a cycle (hr). */
  async createCycle(input: { name: string; startsOn: string; endsOn: string }): Promise<ReviewCycle> {
    if (input.endsOn < input.startsOn) throw new UnprocessableError('endsOn is before startsOn', input, { type: 'invalid-period' });
    try {
      return await this.ds.getRepository(ReviewCycle).save(this.ds.getRepository(ReviewCycle).create(input));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A cycle named ${JSON.stringify(input.name)} already exists`);
      throw error;
    }
  }

  /** Starts an employee's review with weighted goals; by their manager (who becomes the reviewer) or hr. */
  async create(principal: Principal, input: { cycleId: string; employeeId: string; goals: GoalInput[] }): Promise<Review> {
    const me = actorEmployeeId(principal);
    const employee = await this.ds.getRepository(Employee).findOneBy({ id: input.employeeId });
    const isManager = employee !== null && employee.managerId === me;
    if (!employee || (!isManager && !isHrStaff(principal))) throw new UnprocessableError('employeeId names no employee you can review', { employeeId: input.employeeId }, { type: 'unknown-reference' });
    if (employee.id === me) throw new ForbiddenError('You cannot review yourself');
    if (employee.status !== 'active') throw new ConflictError('The employee has left');
    if (!(await this.ds.getRepository(ReviewCycle).existsBy({ id: input.cycleId }))) throw new UnprocessableError('cycleId names no review cycle', { cycleId: input.cycleId }, { type: 'unknown-reference' });
    const reviewerId = isManager ? me : (employee.managerId ?? me);
    try {
      return await this.ds.getRepository(Review).save(
        this.ds.getRepository(Review).create({ cycleId: input.cycleId, employeeId: employee.id, reviewerId, status: 'open', goals: toGoals(input.goals), finalScore: null }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('This employee already has a review in this cycle', undefined, { type: 'duplicate-review' });
      throw error;
    }
  }

  /** Reviews the caller may see: their own, those they review, and (hr) all. */
  async list(principal: Principal, filter: { cycleId?: string; employeeId?: string }): Promise<Review[]> {
    const qb = this.ds.getRepository(Review).createQueryBuilder('r').orderBy('r.created_at', 'DESC');
    if (!isHrStaff(principal)) qb.andWhere('(r.employee_id = :me OR r.reviewer_id = :me)', { me: actorEmployeeId(principal) });
    if (filter.cycleId) qb.andWhere('r.cycle_id = :cycleId', { cycleId: filter.cycleId });
    if (filter.employeeId) qb.andWhere('r.employee_id = :employeeId', { employeeId: filter.employeeId });
    return qb.getMany();
  }

  /** One review, or 404 for anyone but the employee, the reviewer and hr. */
  async get(principal: Principal, id: string): Promise<Review> {
    return this.visible(this.ds.manager, principal, id, false);
  }

  /** Replaces the goals while the review is open (reviewer or hr). */
  async setGoals(principal: Principal, id: string, goals: GoalInput[]): Promise<Review> {
    return this.transition(principal, id, 'reviewer', 'open', (review) => Object.assign(review, { goals: toGoals(goals) }));
  }

  /** The employee scores every goal: open → self-assessed. */
  async selfAssess(principal: Principal, id: string, input: Assessment): Promise<Review> {
    return this.transition(principal, id, 'employee', 'open', (review) =>
      Object.assign(review, { goals: scored(review.goals, input, 'selfScore'), selfComment: input.comment ?? null, status: 'self-assessed' }),
    );
  }

  /** The reviewer scores every goal: self-assessed → manager-assessed, and the final weighted score is set. */
  async managerAssess(principal: Principal, id: string, input: Assessment): Promise<Review> {
    return this.transition(principal, id, 'reviewer', 'self-assessed', (review) => {
      const goals = scored(review.goals, input, 'managerScore');
      return Object.assign(review, { goals, managerComment: input.comment ?? null, status: 'manager-assessed', finalScore: weightedScore(goals) });
    });
  }

  /** Closes an assessed review (reviewer or hr). */
  async close(principal: Principal, id: string): Promise<Review> {
    return this.transition(principal, id, 'reviewer', 'manager-assessed', (review) => Object.assign(review, { status: 'closed' }));
  }

  private async transition(principal: Principal, id: string, who: 'employee' | 'reviewer', from: ReviewStatus, change: (review: Review) => Review): Promise<Review> {
    return this.ds.transaction(async (m) => {
      const review = await this.visible(m, principal, id, true);
      const me = principal.employeeId;
      const allowed = who === 'employee' ? review.employeeId === me : me !== review.employeeId && (review.reviewerId === me || isHrStaff(principal));
      if (!allowed) throw new ForbiddenError(who === 'employee' ? 'Only the employee assesses themselves' : 'Only the reviewer or hr may do this, and never on their own review');
      if (review.status !== from) throw new ConflictError(`The review is ${review.status}; this step needs it ${from}`, { status: review.status }, { type: 'invalid-state' });
      return m.getRepository(Review).save(change(review));
    });
  }

  private async visible(m: EntityManager, principal: Principal, id: string, lock: boolean): Promise<Review> {
    const qb = m.getRepository(Review).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const review = await qb.getOne();
    const me = principal.employeeId;
    if (!review || !(isHrStaff(principal) || (me !== null && (review.employeeId === me || review.reviewerId === me)))) throw new NotFoundError('Review', id);
    return review;
  }
}

function toGoals(goals: GoalInput[]): ReviewGoal[] {
  const total = goals.reduce((sum, goal) => sum + goal.weight, 0);
  if (Math.abs(total - 100) > 1e-9) throw new UnprocessableError(`Goal weights must add up to 100 (they add up to ${total})`, { totalWeight: total }, { type: 'invalid-weights' });
  return goals.map((goal) => ({ id: randomUUID(), title: goal.title, weight: goal.weight, selfScore: null, managerScore: null }));
}

function scored(goals: ReviewGoal[], input: Assessment, field: 'selfScore' | 'managerScore'): ReviewGoal[] {
  const scores = new Map(input.scores.map((s) => [s.goalId, s.score]));
  const unknown = [...scores.keys()].filter((goalId) => !goals.some((goal) => goal.id === goalId));
  const missing = goals.filter((goal) => !scores.has(goal.id)).map((goal) => goal.id);
  if (unknown.length > 0 || missing.length > 0 || scores.size !== input.scores.length) {
    throw new UnprocessableError('Score every goal of the review exactly once', { unknownGoalIds: unknown, missingGoalIds: missing }, { type: 'incomplete-assessment' });
  }
  return goals.map((goal) => ({ ...goal, [field]: scores.get(goal.id) ?? null }));
}

/** Σ weight × manager score / Σ weight, rounded to two decimals. */
export function weightedScore(goals: ReviewGoal[]): number {
  const total = goals.reduce((sum, goal) => sum + goal.weight, 0);
  const weighted = goals.reduce((sum, goal) => sum + goal.weight * (goal.managerScore ?? 0), 0);
  return Math.round((weighted / total) * 100) / 100;
}
