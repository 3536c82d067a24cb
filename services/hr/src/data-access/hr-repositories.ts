import type { DataSource, EntityManager } from 'typeorm';
import { AccountRepository } from './account.repository';
import { DepartmentRepository } from './department.repository';
import { EmployeeRepository } from './employee.repository';
import { LeaveRepository } from './leave.repository';
import { RefreshTokenRepository } from './refresh-token.repository';
import { ReviewRepository } from './review.repository';
import { SigningKeyRepository } from './signing-key.repository';

/** Every repository of hr, bound to one connection or one transaction. */
export interface HrRepositories {
  departments: DepartmentRepository;
  employees: EmployeeRepository;
  leave: LeaveRepository;
  reviews: ReviewRepository;
  accounts: AccountRepository;
  refreshTokens: RefreshTokenRepository;
  signingKeys: SigningKeyRepository;
  /** Takes a transaction-long advisory lock under `name` (e.g. the demo seed, so that instances starting together seed once). */
  lockByName(name: string): Promise<void>;
}

/** Runs `work` in one transaction with repositories bound to it: all of it commits, or none. */
export type UnitOfWork = <T>(work: (tx: HrRepositories) => Promise<T>) => Promise<T>;

/** The repositories over `m` (the data source's manager, or a transaction's). */
export function hrRepositories(m: EntityManager): HrRepositories {
  return {
    departments: new DepartmentRepository(m),
    employees: new EmployeeRepository(m),
    leave: new LeaveRepository(m),
    reviews: new ReviewRepository(m),
    accounts: new AccountRepository(m),
    refreshTokens: new RefreshTokenRepository(m),
    signingKeys: new SigningKeyRepository(m),
    async lockByName(name) {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [name]);
    },
  };
}

/** Transactions on `dataSource`, each with its own repositories. */
export function unitOfWork(dataSource: DataSource): UnitOfWork {
  return (work) => dataSource.transaction((m) => work(hrRepositories(m)));
}
