import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { ServiceUnavailableError, UnauthorizedError } from './errors';
import { principalFromPayload, TOKEN_AUDIENCE, TOKEN_ISSUER, type Principal } from './principal';

/** Where the public keys come from, and how long they are trusted. */
export interface TokenVerifierOptions {
  /** hr's JWKS, e.g. `http://127.0.0.1:8004/.well-known/jwks.json` (see {@link jwksUrlFromEnv}). */
  jwksUrl?: string | URL;
  /** Instead of a URL: a key resolver (hr uses its own key store). */
  keys?: JWTVerifyGetKey;
  /** How long a fetched key set is used before it is fetched again (default 10 min). */
  cacheMaxAgeMs?: number;
  /** An unknown `kid` refetches the set at most this often (default 30 s): how fast a rotation is seen. */
  cooldownMs?: number;
  /** Timeout of one JWKS fetch (default 2 s). */
  timeoutMs?: number;
  /** Allowed clock skew when checking `exp`/`nbf` (default 5 s). */
  clockToleranceSeconds?: number;
  /**
   * How many verified tokens are remembered until they expire (default 10 000; 0 turns it off). A caller sends the
   * same token with every request, so most requests skip the signature check; only tokens that passed every check
   * are kept, keyed by the whole token.
   */
  cacheSize?: number;
}

/** Turns a bearer token into a {@link Principal}, or throws `UnauthorizedError` (401). */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/** The fleet's only signing algorithm. */
export const TOKEN_ALGORITHMS = ['EdDSA'];

/**
 * A verifier that checks signature (against the cached JWKS), issuer, audience, type, expiry and the
 * fleet's claims, and remembers the tokens that passed until they expire (see `cacheSize`). Expired, tampered, foreign or malformed tokens are 401; a JWKS that cannot be
 * fetched (hr down, nothing cached) is 503, so an outage is never mistaken for a bad token.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    options.keys ??
    (options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl), {
          cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
          cooldownDuration: options.cooldownMs ?? 30_000,
          timeoutDuration: options.timeoutMs ?? 2_000,
        })
      : undefined);
  if (!keys) throw new Error('createTokenVerifier needs jwksUrl or keys');
  const toleranceSeconds = options.clockToleranceSeconds ?? 5;
  const cacheSize = options.cacheSize ?? 10_000;
  const verified = cacheSize > 0 ? new LRUCache<string, Principal>({ max: cacheSize, ttlAutopurge: false }) : undefined;
  return {
    async verify(token) {
      const known = verified?.get(token);
      if (known) return known;
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          algorithms: TOKEN_ALGORITHMS,
          typ: 'at+jwt',
          clockTolerance: toleranceSeconds,
          requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        }));
      } catch (error) {
        throw translate(error);
      }
      const principal = principalFromPayload(payload);
      if (!principal) throw new UnauthorizedError('The access token lacks the claims of this fleet');
      // Remembered exactly as long as jose would still accept it (`exp` is a required claim).
      const ttl = (Number(payload.exp) + toleranceSeconds) * 1000 - Date.now();
      if (verified && ttl > 0) verified.set(token, Object.freeze(principal), { ttl });
      return principal;
    },
  };
}

/** Token problems are 401; not being able to get the keys (network, timeout, bad JWKS response) is 503. */
function translate(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new UnauthorizedError('The access token has expired');
  const keysUnavailable =
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') ||
    !(error instanceof errors.JOSEError);
  if (keysUnavailable) return new ServiceUnavailableError('Cannot fetch the signing keys to verify the access token', undefined, error);
  return new UnauthorizedError('The access token is invalid');
}

/** `AUTH_JWKS_URL`, else `${HR_URL}/.well-known/jwks.json`, else undefined. */
export function jwksUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AUTH_JWKS_URL) return env.AUTH_JWKS_URL;
  if (env.HR_URL) return `${env.HR_URL.replace(/\/+$/, '')}/.well-known/jwks.json`;
  return undefined;
}
