import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { SignJWT } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessTokenClaims } from '@erp/auth';
import { UnauthorizedError } from '@erp/service-kit';
import { RefreshToken } from '../data-access/identity.entity';
import { updateReturning } from '../data-access/pg-helpers';
import { sha256 } from './password-hasher';
import { SIGNING_ALG, type SigningKeys } from './signing-keys.use-case';

/** What a successful login or refresh returns to the client. */
export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** Lifetimes of issued tokens. */
export interface TokenLifetimes {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

const INVALID_REFRESH = 'The refresh token is invalid, expired or revoked';

/**
 * Access tokens (short-lived JWTs signed with the active key) and refresh tokens (random, stored as
 * SHA-256, rotated on every use; presenting a used one revokes its whole family, the OAuth 2.0
 * Security BCP's reuse detection).
 */
export class Tokens {
  constructor(
    private readonly ds: DataSource,
    private readonly keys: SigningKeys,
    readonly lifetimes: TokenLifetimes,
  ) {}

  /** Signs an access token for `subject`. */
  async accessToken(subject: string, claims: AccessTokenClaims): Promise<string> {
    const key = await this.keys.active();
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(subject)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + this.lifetimes.accessTtlSeconds)
      .sign(key.privateKey);
  }

  /** Issues an access token and a new refresh-token family for a staff account. */
  async issuePair(accountId: string, claims: AccessTokenClaims, m: EntityManager = this.ds.manager): Promise<TokenPair> {
    const refreshToken = await this.storeRefreshToken(m, accountId, randomUUID());
    return this.pair(accountId, claims, refreshToken);
  }

  /**
   * Spends a refresh token: marks it used and issues its successor in the same family. `loadClaims`
   * returns the account's current claims, or null when the account may no longer log in.
   */
  async rotate(refreshToken: string, loadClaims: (m: EntityManager, accountId: string) => Promise<AccessTokenClaims | null>): Promise<TokenPair> {
    const outcome = await this.ds.transaction(async (m) => {
      const spent = await updateReturning<{ id: string; family_id: string; account_id: string }>(
        m,
        `UPDATE refresh_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id, family_id, account_id`,
        [sha256(refreshToken)],
      );
      const row = spent[0];
      if (!row) return { reused: true as const };
      const claims = await loadClaims(m, row.account_id);
      if (!claims) return { reused: false as const, denied: true as const };
      const next = await this.storeRefreshToken(m, row.account_id, row.family_id);
      await m.query(`UPDATE refresh_tokens SET replaced_by = (SELECT id FROM refresh_tokens WHERE token_hash = $1) WHERE id = $2`, [sha256(next), row.id]);
      return { reused: false as const, accountId: row.account_id, claims, next };
    });
    if (outcome.reused) {
      // A token that exists but was already spent or revoked: someone replayed it. End the whole family.
      await this.ds.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`, [sha256(refreshToken)]);
      throw new UnauthorizedError(INVALID_REFRESH);
    }
    if ('denied' in outcome) throw new UnauthorizedError(INVALID_REFRESH);
    return this.pair(outcome.accountId, outcome.claims, outcome.next);
  }

  /** Revokes the family of a refresh token (logout). Unknown tokens are ignored: logout is idempotent. */
  async revokeFamilyOf(refreshToken: string): Promise<void> {
    await this.ds.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`, [sha256(refreshToken)]);
  }

  /** Revokes every refresh token of an account (leaving, password change, disabling). */
  async revokeAccount(m: EntityManager, accountId: string): Promise<void> {
    await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [accountId]);
  }

  private async pair(accountId: string, claims: AccessTokenClaims, refreshToken: string): Promise<TokenPair> {
    return {
      accessToken: await this.accessToken(accountId, claims),
      tokenType: 'Bearer',
      expiresIn: this.lifetimes.accessTtlSeconds,
      refreshToken,
      refreshExpiresIn: this.lifetimes.refreshTtlSeconds,
    };
  }

  private async storeRefreshToken(m: EntityManager, accountId: string, familyId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await m.getRepository(RefreshToken).insert({
      tokenHash: sha256(token),
      familyId,
      accountId,
      expiresAt: new Date(Date.now() + this.lifetimes.refreshTtlSeconds * 1000),
    });
    return token;
  }
}
