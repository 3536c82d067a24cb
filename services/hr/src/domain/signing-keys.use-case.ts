import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import { SigningKey } from '../data-access/identity.entity';
import { isUniqueViolation } from '../data-access/pg-helpers';

export const SIGNING_ALG = 'EdDSA';

/** The key that signs new tokens. */
export interface ActiveKey {
  kid: string;
  privateKey: KeyLike | Uint8Array;
}

/**
 * Token-signing keys kept in the database, so that every hr instance signs with the same key and
 * publishes the same JWKS. Rotation retires the active key: it stops signing at once but stays
 * published until every token it signed has expired.
 */
export class SigningKeys {
  private cached: { key: ActiveKey; until: number } | undefined;

  constructor(
    private readonly ds: DataSource,
    /** How long a retired key stays published: the access-token lifetime plus clock skew. */
    private readonly publishRetiredForMs: number,
    /** How long an instance keeps using its cached active key before looking again (picks up rotations by other instances). */
    private readonly cacheMs = 5_000,
  ) {}

  /** Creates the first key when there is none (safe when several instances start at once). */
  async ensureActiveKey(): Promise<void> {
    const existing: unknown[] = await this.ds.query(`SELECT 1 FROM signing_keys WHERE retired_at IS NULL`);
    if (existing.length > 0) return;
    try {
      await this.ds.getRepository(SigningKey).insert(await newKeyRow());
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** The key to sign with now. */
  async active(): Promise<ActiveKey> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.key;
    const row = await this.ds.getRepository(SigningKey).createQueryBuilder('k').where('k.retired_at IS NULL').getOne();
    if (!row) throw new Error('No active signing key: ensureActiveKey() was not called');
    const key = { kid: row.kid, privateKey: await importJWK(row.privateJwk, SIGNING_ALG) };
    this.cached = { key, until: Date.now() + this.cacheMs };
    return key;
  }

  /** Retires the active key and creates a new one; returns the new kid. */
  async rotate(): Promise<{ kid: string; retiredKid: string | null }> {
    const fresh = await newKeyRow();
    const retired = await this.ds.transaction(async (m) => {
      const current: Array<{ kid: string }> = await m.query(`SELECT kid FROM signing_keys WHERE retired_at IS NULL FOR UPDATE`);
      await m.query(`UPDATE signing_keys SET retired_at = now(), publish_until = now() + make_interval(secs => $1) WHERE retired_at IS NULL`, [this.publishRetiredForMs / 1000]);
      await m.getRepository(SigningKey).insert(fresh);
      return current[0]?.kid ?? null;
    });
    this.cached = undefined;
    return { kid: fresh.kid, retiredKid: retired };
  }

  /** The public keys to publish: the active one and every retired one whose tokens may still be valid. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const rows = await this.ds
      .getRepository(SigningKey)
      .createQueryBuilder('k')
      .where('k.publish_until IS NULL OR k.publish_until > now()')
      .orderBy('k.created_at', 'DESC')
      .getMany();
    return { keys: rows.map((row) => ({ ...row.publicJwk, kid: row.kid, alg: row.alg, use: 'sig' })) };
  }
}

async function newKeyRow(): Promise<Pick<SigningKey, 'kid' | 'alg' | 'publicJwk' | 'privateJwk'>> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  return { kid: randomUUID(), alg: SIGNING_ALG, publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}
