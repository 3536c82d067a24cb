import type { DataSource, EntityManager } from 'typeorm';
import { STAFF_ROLES, hasRole, type AccessTokenClaims, type Principal, type Role, type StaffRole } from '@erp/auth';
import { ConflictError, ForbiddenError, HttpError, NotFoundError, UnauthorizedError } from '@erp/service-kit';
import { Account, ServiceAccount } from '../data-access/identity.entity';
import { Employee } from '../data-access/organisation.entity';
import { findEmployeeByEmail } from '../data-access/organisation.repository';
import { isUniqueViolation, updateReturning } from '../data-access/pg-helpers';
import { digestsEqual, hashPassword, sha256, verifyDecoy, verifyPassword } from './password-hasher';
import type { TokenPair, Tokens } from './tokens.use-case';

/** Login throttling. */
export interface LockoutPolicy {
  maxFailedAttempts: number;
  lockoutSeconds: number;
}

const INVALID_LOGIN = 'Invalid email or password';

/** What an account looks like to hr staff (never the hash). */
export interface AccountView {
  employeeId: string;
  roles: string[];
  disabled: boolean;
  locked: boolean;
  lastLoginAt: Date | null;
}

/** Staff logins, refresh, service-account tokens, and account administration. */
export class IdentityUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: Tokens,
    private readonly lockout: LockoutPolicy,
  ) {}

  /** Email + password → token pair. Repeated failures lock the account for a while (429), even for the right password. */
  async login(email: string, password: string): Promise<TokenPair> {
    const employee = await findEmployeeByEmail(this.ds.manager, email);
    const account = employee ? await this.ds.getRepository(Account).findOneBy({ employeeId: employee.id }) : null;
    if (!employee || !account) {
      await verifyDecoy(password);
      throw new UnauthorizedError(INVALID_LOGIN);
    }
    if (account.lockedUntil && account.lockedUntil.getTime() > Date.now()) throw lockedError(account.lockedUntil);
    if (!(await verifyPassword(account.passwordHash, password))) {
      const [row] = await updateReturning<{ locked_until: Date | null }>(
        this.ds,
        `UPDATE accounts SET
           failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END,
           locked_until = CASE
             WHEN locked_until IS NOT NULL AND locked_until <= now() THEN NULL
             WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(secs => $3)
             ELSE locked_until END
         WHERE id = $1 RETURNING locked_until`,
        [account.id, this.lockout.maxFailedAttempts, this.lockout.lockoutSeconds],
      );
      if (row?.locked_until) throw lockedError(row.locked_until);
      throw new UnauthorizedError(INVALID_LOGIN);
    }
    if (account.disabled || employee.status !== 'active') throw new UnauthorizedError(INVALID_LOGIN);
    await this.ds.query(`UPDATE accounts SET failed_attempts = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [account.id]);
    return this.tokens.issuePair(account.id, staffClaims(account, employee));
  }

  /** Spends a refresh token for a new pair; refused once the account is disabled or the employee has left. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokens.rotate(refreshToken, async (m, accountId) => {
      const account = await m.getRepository(Account).findOneBy({ id: accountId });
      const employee = account ? await m.getRepository(Employee).findOneBy({ id: account.employeeId }) : null;
      if (!account || !employee || account.disabled || employee.status !== 'active') return null;
      return staffClaims(account, employee);
    });
  }

  /** Ends the refresh-token family (logout). */
  async logout(refreshToken: string): Promise<void> {
    await this.tokens.revokeFamilyOf(refreshToken);
  }

  /** Client credentials → an access token for a service account. */
  async serviceToken(clientId: string, clientSecret: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const client = await this.ds.getRepository(ServiceAccount).findOneBy({ clientId });
    const presented = sha256(clientSecret);
    if (!client || client.disabled || !digestsEqual(client.secretHash, presented)) throw new UnauthorizedError('Invalid client credentials');
    const accessToken = await this.tokens.accessToken(client.clientId, { kind: 'service', roles: client.roles as Role[] });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.tokens.lifetimes.accessTtlSeconds };
  }

  /** Creates or updates the service accounts named in config (`id:secret`), with roles `service` and `service:<id>`. */
  async provisionServiceAccounts(clients: ReadonlyArray<{ clientId: string; secret: string }>): Promise<void> {
    for (const { clientId, secret } of clients) {
      await this.ds.query(
        `INSERT INTO service_accounts (client_id, secret_hash, roles) VALUES ($1, $2, $3)
         ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, roles = EXCLUDED.roles, disabled = false, updated_at = now()`,
        [clientId, sha256(secret), ['service', `service:${clientId}`]],
      );
    }
  }

  /** Gives an employee a login. Only an admin may grant admin or hr. */
  async createAccount(actor: Principal, employeeId: string, input: { password: string; roles: StaffRole[] }): Promise<AccountView> {
    assertMayGrant(actor, input.roles);
    const employee = await this.ds.getRepository(Employee).findOneBy({ id: employeeId });
    if (!employee) throw new NotFoundError('Employee', employeeId);
    if (employee.status !== 'active') throw new ConflictError('An employee who has left cannot get an account');
    const passwordHash = await hashPassword(input.password);
    try {
      const account = await this.ds.getRepository(Account).save(this.ds.getRepository(Account).create({ employeeId, passwordHash, roles: normaliseRoles(input.roles), disabled: false, failedAttempts: 0 }));
      return accountView(account);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('This employee already has an account');
      throw error;
    }
  }

  /** Changes roles and/or password, or unlocks; a password change or a role change ends every session. */
  async updateAccount(actor: Principal, employeeId: string, input: { password?: string; roles?: StaffRole[]; unlock?: boolean }): Promise<AccountView> {
    const account = await this.ds.getRepository(Account).findOneBy({ employeeId });
    if (!account) throw new NotFoundError('Account', employeeId);
    if (input.roles) assertMayGrant(actor, [...input.roles, ...(account.roles as StaffRole[])]);
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    return this.ds.transaction(async (m) => {
      if (passwordHash !== undefined) account.passwordHash = passwordHash;
      if (input.roles) account.roles = normaliseRoles(input.roles);
      if (input.unlock) Object.assign(account, { failedAttempts: 0, lockedUntil: null });
      const saved = await m.getRepository(Account).save(account);
      if (passwordHash !== undefined || input.roles) await this.tokens.revokeAccount(m, account.id);
      return accountView(saved);
    });
  }

  /** The account of an employee, for hr. */
  async account(employeeId: string): Promise<AccountView> {
    const account = await this.ds.getRepository(Account).findOneBy({ employeeId });
    if (!account) throw new NotFoundError('Account', employeeId);
    return accountView(account);
  }

  /** Disables the login and ends every session of an employee (called when they leave). */
  async endAccess(m: EntityManager, employeeId: string): Promise<void> {
    const account = await m.getRepository(Account).findOneBy({ employeeId });
    if (!account) return;
    await m.getRepository(Account).update({ id: account.id }, { disabled: true });
    await this.tokens.revokeAccount(m, account.id);
  }
}

function staffClaims(account: Account, employee: Employee): AccessTokenClaims {
  return { kind: 'user', roles: account.roles as StaffRole[], emp: employee.id, email: employee.email };
}

/** Every staff member is an employee; roles are stored sorted and unique. */
function normaliseRoles(roles: StaffRole[]): StaffRole[] {
  return STAFF_ROLES.filter((role) => role === 'employee' || roles.includes(role));
}

function assertMayGrant(actor: Principal, roles: readonly StaffRole[]): void {
  if (roles.some((role) => role === 'admin' || role === 'hr') && !hasRole(actor, 'admin')) {
    throw new ForbiddenError('Only an admin may grant or take away the admin and hr roles');
  }
}

function accountView(account: Account): AccountView {
  return {
    employeeId: account.employeeId,
    roles: account.roles,
    disabled: account.disabled,
    locked: account.lockedUntil !== null && account.lockedUntil.getTime() > Date.now(),
    lastLoginAt: account.lastLoginAt,
  };
}

function lockedError(until: Date): HttpError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new HttpError(429, { type: 'login-locked', title: 'Too Many Failed Logins', detail: 'Too many failed logins; try again later', extra: { retryAfterSeconds } });
}
