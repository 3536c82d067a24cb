import { unlessDuplicate } from '@erp/service-kit';
import type { EntityManager } from 'typeorm';
import { SigningKey } from './identity.entity';

/** The stored fields of a new key. */
export type SigningKeyValues = Pick<SigningKey, 'kid' | 'alg' | 'publicJwk' | 'privateJwk'>;

/** SQL access to token-signing keys: one active (no `retired_at`), the retired ones published until `publish_until`. */
export class SigningKeyRepository {
  constructor(private readonly m: EntityManager) {}

  /** True when a key is active. */
  async hasActive(): Promise<boolean> {
    const rows: unknown[] = await this.m.query(`SELECT 1 FROM signing_keys WHERE retired_at IS NULL`);
    return rows.length > 0;
  }

  /** The active key, or null. */
  findActive(): Promise<SigningKey | null> {
    return this.m.getRepository(SigningKey).createQueryBuilder('k').where('k.retired_at IS NULL').getOne();
  }

  /** Inserts the active key (after the previous one was retired). */
  async insert(values: SigningKeyValues): Promise<void> {
    await this.m.getRepository(SigningKey).insert(values);
  }

  /** Inserts the first active key; false when another one is active already (the unique index on active keys refuses it). */
  async insertFirst(values: SigningKeyValues): Promise<boolean> {
    return (await unlessDuplicate(() => this.m.getRepository(SigningKey).insert(values))) !== null;
  }

  /** Retires the active key (locked first) so that it stays published `publishForSeconds` longer; returns its kid, or null. */
  async retireActive(publishForSeconds: number): Promise<string | null> {
    const current: Array<{ kid: string }> = await this.m.query(`SELECT kid FROM signing_keys WHERE retired_at IS NULL FOR UPDATE`);
    await this.m.query(
      `UPDATE signing_keys SET retired_at = now(), publish_until = now() + make_interval(secs => $1) WHERE retired_at IS NULL`,
      [publishForSeconds],
    );
    return current[0]?.kid ?? null;
  }

  /** The keys to publish: the active one and every retired one still within its publishing time, newest first. */
  published(): Promise<SigningKey[]> {
    return this.m
      .getRepository(SigningKey)
      .createQueryBuilder('k')
      .where('k.publish_until IS NULL OR k.publish_until > now()')
      .orderBy('k.created_at', 'DESC')
      .getMany();
  }
}
