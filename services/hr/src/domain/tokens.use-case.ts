import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessTokenClaims } from '@erp/auth';
import { UnauthorizedError } from '@erp/errors';
import type { HrRepositories } from '../data-access/hr-repositories';
import type { HrDeps } from './hr-deps';
import { sha256 } from './password-hasher';
import { SIGNING_ALG, activeKey } from './signing-keys.use-case';

// Access tokens are short-lived JWTs signed with the active key; refresh tokens are random, stored as SHA-256 and
// rotated on every use: presenting a used one revokes its whole family (the OAuth 2.0 Security BCP's reuse detection).

/** What a successful login or refresh returns to the client. */
export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

const INVALID_REFRESH = 'The refresh token is invalid, expired or revoked';

/** Signs an access token for `subject`. */
export async function signAccessToken(deps: HrDeps, subject: string, claims: AccessTokenClaims): Promise<string> {
  const key = await activeKey(deps);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(subject)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + deps.lifetimes.accessTtlSeconds)
    .sign(key.privateKey);
}

/** Issues an access token and a new refresh-token family for a staff account. */
export async function issueTokenPair(deps: HrDeps, accountId: string, claims: AccessTokenClaims): Promise<TokenPair> {
  const refreshToken = await storeRefreshToken(deps, deps, accountId, randomUUID());
  return pair(deps, accountId, claims, refreshToken);
}

/**
 * Spends a refresh token: marks it used and issues its successor in the same family. `loadClaims` returns the
 * account's current claims (read in the same transaction), or null when the account may no longer log in.
 */
export async function spendRefreshToken(
  deps: HrDeps,
  refreshToken: string,
  loadClaims: (tx: HrRepositories, accountId: string) => Promise<AccessTokenClaims | null>,
): Promise<TokenPair> {
  const outcome = await deps.transaction(async (tx) => {
    const spent = await tx.refreshTokens.spend(sha256(refreshToken));
    if (!spent) return { reused: true as const };
    const claims = await loadClaims(tx, spent.accountId);
    if (!claims) return { reused: false as const, denied: true as const };
    const next = await storeRefreshToken(deps, tx, spent.accountId, spent.familyId);
    await tx.refreshTokens.linkSuccessor(spent.id, sha256(next));
    return { reused: false as const, accountId: spent.accountId, claims, next };
  });
  if (outcome.reused) {
    // A token that exists but was already spent or revoked: someone replayed it. End the whole family.
    await deps.refreshTokens.revokeFamilyOf(sha256(refreshToken));
    throw new UnauthorizedError(INVALID_REFRESH);
  }
  if ('denied' in outcome) throw new UnauthorizedError(INVALID_REFRESH);
  return pair(deps, outcome.accountId, outcome.claims, outcome.next);
}

/** Revokes the family of a refresh token (logout). Unknown tokens are ignored: logout is idempotent. */
export async function revokeRefreshFamily(deps: HrDeps, refreshToken: string): Promise<void> {
  await deps.refreshTokens.revokeFamilyOf(sha256(refreshToken));
}

async function pair(deps: HrDeps, accountId: string, claims: AccessTokenClaims, refreshToken: string): Promise<TokenPair> {
  return {
    accessToken: await signAccessToken(deps, accountId, claims),
    tokenType: 'Bearer',
    expiresIn: deps.lifetimes.accessTtlSeconds,
    refreshToken,
    refreshExpiresIn: deps.lifetimes.refreshTtlSeconds,
  };
}

async function storeRefreshToken(deps: HrDeps, repositories: HrRepositories, accountId: string, familyId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await repositories.refreshTokens.insert({
    tokenHash: sha256(token),
    familyId,
    accountId,
    expiresAt: new Date(Date.now() + deps.lifetimes.refreshTtlSeconds * 1000),
  });
  return token;
}
