import { STAFF_ROLES, hasRole, type AccessTokenClaims, type Principal, type Role, type StaffRole } from '@erp/auth';
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError } from '@erp/errors';
import type { HrRepositories } from '../data-access/hr-repositories';
import type { Account } from '../data-access/identity.entity';
import type { Employee } from '../data-access/organisation.entity';
import type { HrDeps } from './hr-deps';
import { digestsEqual, hashPassword, sha256, verifyDecoy, verifyPassword } from './password-hasher';
import { issueTokenPair, revokeRefreshFamily, signAccessToken, spendRefreshToken, type TokenPair } from './tokens.use-case';

const INVALID_LOGIN = 'Invalid email or password';

/** What an account looks like to hr staff (never the hash). */
export interface AccountView {
  employeeId: string;
  roles: string[];
  disabled: boolean;
  locked: boolean;
  lastLoginAt: Date | null;
}

/** Email + password → token pair. Repeated failures lock the account for a while (429), even for the right password. */
export async function logIn(deps: HrDeps, email: string, password: string): Promise<TokenPair> {
  const employee = await deps.employees.findByEmail(email);
  const account = employee ? await deps.accounts.findByEmployee(employee.id) : null;
  if (!employee || !account) {
    await verifyDecoy(password);
    throw new UnauthorizedError(INVALID_LOGIN);
  }
  if (account.lockedUntil && account.lockedUntil.getTime() > Date.now()) throw lockedError(account.lockedUntil);
  if (!(await verifyPassword(account.passwordHash, password))) {
    const lockedUntil = await deps.accounts.recordFailedLogin(account.id, deps.lockout);
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new UnauthorizedError(INVALID_LOGIN);
  }
  if (account.disabled || employee.status !== 'active') throw new UnauthorizedError(INVALID_LOGIN);
  await deps.accounts.recordLogin(account.id);
  return issueTokenPair(deps, account.id, staffClaims(account, employee));
}

/** Spends a refresh token for a new pair; refused once the account is disabled or the employee has left. */
export function refreshLogin(deps: HrDeps, refreshToken: string): Promise<TokenPair> {
  return spendRefreshToken(deps, refreshToken, async (tx, accountId) => {
    const account = await tx.accounts.findById(accountId);
    const employee = account ? await tx.employees.findById(account.employeeId) : null;
    if (!account || !employee || account.disabled || employee.status !== 'active') return null;
    return staffClaims(account, employee);
  });
}

/** Ends the refresh-token family (logout). */
export function logOut(deps: HrDeps, refreshToken: string): Promise<void> {
  return revokeRefreshFamily(deps, refreshToken);
}

/** Client credentials → an access token for a service account. */
export async function issueServiceToken(
  deps: HrDeps,
  clientId: string,
  clientSecret: string,
): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
  const client = await deps.accounts.findServiceAccount(clientId);
  const presented = sha256(clientSecret);
  if (!client || client.disabled || !digestsEqual(client.secretHash, presented)) throw new UnauthorizedError('Invalid client credentials');
  const accessToken = await signAccessToken(deps, client.clientId, { kind: 'service', roles: client.roles as Role[] });
  return { accessToken, tokenType: 'Bearer', expiresIn: deps.lifetimes.accessTtlSeconds };
}

/** Creates or updates the service accounts named in config (`id:secret`), with roles `service` and `service:<id>`. */
export async function provisionServiceAccounts(deps: HrDeps, clients: ReadonlyArray<{ clientId: string; secret: string }>): Promise<void> {
  for (const { clientId, secret } of clients)
    await deps.accounts.upsertServiceAccount(clientId, sha256(secret), ['service', `service:${clientId}`]);
}

/** Gives an employee a login. Only an admin may grant admin or hr. */
export async function createAccount(
  deps: HrDeps,
  actor: Principal,
  employeeId: string,
  input: { password: string; roles: StaffRole[] },
): Promise<AccountView> {
  assertMayGrant(actor, input.roles);
  const employee = await deps.employees.findById(employeeId);
  if (!employee) throw new NotFoundError('Employee', employeeId);
  if (employee.status !== 'active') throw new ConflictError('An employee who has left cannot get an account');
  const passwordHash = await hashPassword(input.password);
  const account = await deps.accounts.insert({
    employeeId,
    passwordHash,
    roles: normaliseRoles(input.roles),
    disabled: false,
    failedAttempts: 0,
  });
  if (!account) throw new ConflictError('This employee already has an account');
  return accountView(account);
}

/** Changes roles and/or password, or unlocks; a password change or a role change ends every session. */
export async function updateAccount(
  deps: HrDeps,
  actor: Principal,
  employeeId: string,
  input: { password?: string; roles?: StaffRole[]; unlock?: boolean },
): Promise<AccountView> {
  const account = await deps.accounts.findByEmployee(employeeId);
  if (!account) throw new NotFoundError('Account', employeeId);
  if (input.roles) assertMayGrant(actor, [...input.roles, ...(account.roles as StaffRole[])]);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return deps.transaction(async (tx) => {
    if (passwordHash !== undefined) account.passwordHash = passwordHash;
    if (input.roles) account.roles = normaliseRoles(input.roles);
    if (input.unlock) Object.assign(account, { failedAttempts: 0, lockedUntil: null });
    const saved = await tx.accounts.save(account);
    if (passwordHash !== undefined || input.roles) await tx.refreshTokens.revokeAccount(account.id);
    return accountView(saved);
  });
}

/** The account of an employee, for hr. */
export async function getAccount(deps: HrDeps, employeeId: string): Promise<AccountView> {
  const account = await deps.accounts.findByEmployee(employeeId);
  if (!account) throw new NotFoundError('Account', employeeId);
  return accountView(account);
}

/** Disables the login and ends every session of an employee (in the transaction that records them leaving). */
export async function endAccess(tx: HrRepositories, employeeId: string): Promise<void> {
  const account = await tx.accounts.findByEmployee(employeeId);
  if (!account) return;
  await tx.accounts.disable(account.id);
  await tx.refreshTokens.revokeAccount(account.id);
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

function lockedError(until: Date): TooManyRequestsError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new TooManyRequestsError(retryAfterSeconds, {
    type: 'login-locked',
    title: 'Too Many Failed Logins',
    detail: 'Too many failed logins; try again later',
  });
}
