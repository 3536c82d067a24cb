import { unlessDuplicate, updateReturning } from '@erp/service-kit';
import type { EntityManager } from 'typeorm';
import { Account, ServiceAccount } from './identity.entity';

/** SQL access to staff logins and service accounts. */
export class AccountRepository {
  constructor(private readonly m: EntityManager) {}

  /** The login of an employee, or null. */
  findByEmployee(employeeId: string): Promise<Account | null> {
    return this.m.getRepository(Account).findOneBy({ employeeId });
  }

  /** One login by its id, or null. */
  findById(id: string): Promise<Account | null> {
    return this.m.getRepository(Account).findOneBy({ id });
  }

  /** Inserts a login; null when the employee already has one. */
  insert(values: Pick<Account, 'employeeId' | 'passwordHash' | 'roles' | 'disabled' | 'failedAttempts'>): Promise<Account | null> {
    const repository = this.m.getRepository(Account);
    return unlessDuplicate(() => repository.save(repository.create(values)));
  }

  /** Stores a changed login. */
  save(account: Account): Promise<Account> {
    return this.m.getRepository(Account).save(account);
  }

  /** Disables a login. */
  async disable(id: string): Promise<void> {
    await this.m.getRepository(Account).update({ id }, { disabled: true });
  }

  /**
   * Counts a failed login; the `maxFailedAttempts`-th in a row locks the account for `lockoutSeconds` (an expired lock
   * starts the count again). Returns until when the account is locked now, or null.
   */
  async recordFailedLogin(id: string, lockout: { maxFailedAttempts: number; lockoutSeconds: number }): Promise<Date | null> {
    const [row] = await updateReturning<{ locked_until: Date | null }>(
      this.m,
      `UPDATE accounts SET
         failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END,
         locked_until = CASE
           WHEN locked_until IS NOT NULL AND locked_until <= now() THEN NULL
           WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(secs => $3)
           ELSE locked_until END
       WHERE id = $1 RETURNING locked_until`,
      [id, lockout.maxFailedAttempts, lockout.lockoutSeconds],
    );
    return row?.locked_until ?? null;
  }

  /** Records a successful login: the failure count and any lock are cleared. */
  async recordLogin(id: string): Promise<void> {
    await this.m.query(`UPDATE accounts SET failed_attempts = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [id]);
  }

  /** A service account, or null. */
  findServiceAccount(clientId: string): Promise<ServiceAccount | null> {
    return this.m.getRepository(ServiceAccount).findOneBy({ clientId });
  }

  /** Creates a service account or replaces its secret and roles (and enables it again). */
  async upsertServiceAccount(clientId: string, secretHash: string, roles: string[]): Promise<void> {
    await this.m.query(
      `INSERT INTO service_accounts (client_id, secret_hash, roles) VALUES ($1, $2, $3)
       ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, roles = EXCLUDED.roles, disabled = false, updated_at = now()`,
      [clientId, secretHash, roles],
    );
  }
}
