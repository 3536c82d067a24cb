import { updateReturning } from '@erp/service-kit';
import type { EntityManager } from 'typeorm';
import { RefreshToken } from './identity.entity';

/** A refresh token that was just spent. */
export interface SpentRefreshToken {
  id: string;
  familyId: string;
  accountId: string;
}

/** SQL access to refresh tokens (stored as hashes only). */
export class RefreshTokenRepository {
  constructor(private readonly m: EntityManager) {}

  /** Stores a new refresh token of a family. */
  async insert(values: Pick<RefreshToken, 'tokenHash' | 'familyId' | 'accountId' | 'expiresAt'>): Promise<void> {
    await this.m.getRepository(RefreshToken).insert(values);
  }

  /** Marks a live (unrevoked, unexpired) token as used; undefined when there is no such token. */
  async spend(tokenHash: string): Promise<SpentRefreshToken | undefined> {
    const [row] = await updateReturning<{ id: string; family_id: string; account_id: string }>(
      this.m,
      `UPDATE refresh_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id, family_id, account_id`,
      [tokenHash],
    );
    return row && { id: row.id, familyId: row.family_id, accountId: row.account_id };
  }

  /** Records which token replaced a spent one. */
  async linkSuccessor(spentId: string, successorHash: string): Promise<void> {
    await this.m.query(`UPDATE refresh_tokens SET replaced_by = (SELECT id FROM refresh_tokens WHERE token_hash = $1) WHERE id = $2`, [
      successorHash,
      spentId,
    ]);
  }

  /** Revokes every live token of the family the token with this hash belongs to (nothing for an unknown hash). */
  async revokeFamilyOf(tokenHash: string): Promise<void> {
    await this.m.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [tokenHash],
    );
  }

  /** Revokes every live token of an account. */
  async revokeAccount(accountId: string): Promise<void> {
    await this.m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [accountId]);
  }
}
