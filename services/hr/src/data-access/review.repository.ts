import { unlessDuplicate } from '@erp/service-kit';
import type { EntityManager } from 'typeorm';
import { Review, ReviewCycle } from './review.entity';

/** Which reviews a list shows. */
export interface ReviewListQuery {
  /** Only reviews of or by this person; null for everyone. */
  visibleTo: string | null;
  cycleId?: string;
  employeeId?: string;
}

/** SQL access to review cycles and reviews. */
export class ReviewRepository {
  constructor(private readonly m: EntityManager) {}

  /** All cycles, newest first. */
  cycles(): Promise<ReviewCycle[]> {
    return this.m.getRepository(ReviewCycle).find({ order: { startsOn: 'DESC' } });
  }

  /** Inserts a cycle; null when the name is taken. */
  insertCycle(values: Pick<ReviewCycle, 'name' | 'startsOn' | 'endsOn'>): Promise<ReviewCycle | null> {
    const repository = this.m.getRepository(ReviewCycle);
    return unlessDuplicate(() => repository.save(repository.create(values)));
  }

  /** True when the cycle exists. */
  cycleExists(id: string): Promise<boolean> {
    return this.m.getRepository(ReviewCycle).existsBy({ id });
  }

  /** Inserts a review; null when the employee already has one in that cycle. */
  insert(values: Pick<Review, 'cycleId' | 'employeeId' | 'reviewerId' | 'status' | 'goals' | 'finalScore'>): Promise<Review | null> {
    const repository = this.m.getRepository(Review);
    return unlessDuplicate(() => repository.save(repository.create(values)));
  }

  /** Reviews, newest first. */
  list(query: ReviewListQuery): Promise<Review[]> {
    const qb = this.m.getRepository(Review).createQueryBuilder('r').orderBy('r.created_at', 'DESC');
    if (query.visibleTo !== null) qb.andWhere('(r.employee_id = :me OR r.reviewer_id = :me)', { me: query.visibleTo });
    if (query.cycleId) qb.andWhere('r.cycle_id = :cycleId', { cycleId: query.cycleId });
    if (query.employeeId) qb.andWhere('r.employee_id = :employeeId', { employeeId: query.employeeId });
    return qb.getMany();
  }

  /** One review (locked for the rest of the transaction with `lock`), or null. */
  findById(id: string, lock = false): Promise<Review | null> {
    const qb = this.m.getRepository(Review).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** Stores a changed review. */
  save(review: Review): Promise<Review> {
    return this.m.getRepository(Review).save(review);
  }
}
