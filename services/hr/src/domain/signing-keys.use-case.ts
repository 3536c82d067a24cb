import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SigningKeyValues } from '../data-access/signing-key.repository';
import type { ActiveKey, HrDeps } from './hr-deps';

// Token-signing keys are kept in the database, so that every hr instance signs with the same key and
// publishes the same JWKS. Rotation retires the active key: it stops signing at once but stays
// published until every token it signed has expired.

/** The algorithm of every signing key (Ed25519). */
export const SIGNING_ALG = 'EdDSA';

/** Creates the first key when there is none (safe when several instances start at once). */
export async function ensureActiveKey(deps: HrDeps): Promise<void> {
  if (await deps.signingKeys.hasActive()) return;
  await deps.signingKeys.insertFirst(await newKey());
}

/** The key to sign with now (this instance's copy for a few seconds). */
export async function activeKey(deps: HrDeps): Promise<ActiveKey> {
  const cached = deps.keys.cached;
  if (cached && cached.until > Date.now()) return cached.key;
  const row = await deps.signingKeys.findActive();
  if (!row) throw new Error('No active signing key: ensureActiveKey() was not called');
  const key = { kid: row.kid, privateKey: await importJWK(row.privateJwk, SIGNING_ALG) };
  deps.keys.cached = { key, until: Date.now() + deps.keys.cacheMs };
  return key;
}

/** Retires the active key and creates a new one; returns the new kid. */
export async function rotateSigningKey(deps: HrDeps): Promise<{ kid: string; retiredKid: string | null }> {
  const fresh = await newKey();
  const retiredKid = await deps.transaction(async (tx) => {
    const retired = await tx.signingKeys.retireActive(deps.keys.publishRetiredForMs / 1000);
    await tx.signingKeys.insert(fresh);
    return retired;
  });
  deps.keys.cached = undefined;
  return { kid: fresh.kid, retiredKid };
}

/** The public keys to publish: the active one and every retired one whose tokens may still be valid. */
export async function publishedKeys(deps: HrDeps): Promise<{ keys: JWK[] }> {
  const rows = await deps.signingKeys.published();
  return { keys: rows.map((row) => ({ ...row.publicJwk, kid: row.kid, alg: row.alg, use: 'sig' })) };
}

async function newKey(): Promise<SigningKeyValues> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  return { kid: randomUUID(), alg: SIGNING_ALG, publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}
