import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type KeyLike } from 'jose';
import { AppError, ForbiddenError } from '@erp/errors';
import { authorize, createTokenVerifier, hasRole, ownsOrHasRole, roles, visibleOr404, type Principal } from '../src';

/** A JWKS endpoint on 127.0.0.1 that counts its fetches, with keys the test can add and remove. */
class JwksServer {
  fetches = 0;
  keys: JWK[] = [];
  private readonly server = http.createServer((_req, res) => {
    this.fetches += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: this.keys }));
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

async function sign(
  key: SigningKey,
  claims: Record<string, unknown> = {},
  options: { expiresIn?: number; issuer?: string; audience?: string; typ?: string } = {},
): Promise<string> {
  return new SignJWT({ kind: 'user', roles: ['employee'], emp: 'e-1', email: 'eve@erp.example', ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: options.typ ?? 'at+jwt' })
    .setIssuer(options.issuer ?? 'erp-hr')
    .setAudience(options.audience ?? 'erp')
    .setSubject('account-1')
    .setJti('jti-1')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 60))
    .sign(key.privateKey);
}

let jwks: JwksServer;
let key: SigningKey;
beforeEach(async () => {
  jwks = new JwksServer();
  await jwks.start();
  key = await newKey('k1');
  jwks.keys = [key.jwk];
});
afterEach(async () => {
  await jwks.stop();
});

/** 'accepted', or the kind of application error the promise was refused with ('unknown' for any other error). */
const outcomeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return error instanceof AppError ? error.kind : 'unknown';
  }
};

test('when a token is signed by a published key, then the principal carries its subject, roles and employee', async () => {
  const verifier = createTokenVerifier({ jwksUrl: jwks.url });
  const principal = await verifier.verify(await sign(key, { roles: ['manager', 'employee'] }));
  expect(principal).toMatchObject({
    subject: 'account-1',
    kind: 'user',
    roles: ['manager', 'employee'],
    employeeId: 'e-1',
    email: 'eve@erp.example',
    tokenId: 'jti-1',
  });
});

test('when many tokens are verified, then the key set is fetched once (cached)', async () => {
  const verifier = createTokenVerifier({ jwksUrl: jwks.url });
  for (let i = 0; i < 5; i += 1) await verifier.verify(await sign(key));
  expect(jwks.fetches).toBe(1);
});

test('when a token is expired, then 401 "expired"', async () => {
  const verifier = createTokenVerifier({ jwksUrl: jwks.url, clockToleranceSeconds: 0 });
  await expect(verifier.verify(await sign(key, {}, { expiresIn: -10 }))).rejects.toMatchObject({
    kind: 'unauthenticated',
    detail: 'The access token has expired',
  });
});

test('when a token is tampered with, issued by someone else, for another audience, of another type, or lacks claims, then 401', async () => {
  const verifier = createTokenVerifier({ jwksUrl: jwks.url });
  const [h, p, s] = (await sign(key)).split('.') as [string, string, string];
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'] })).toString(
    'base64url',
  );
  expect(await outcomeOf(verifier.verify(`${h}.${forged}.${s}`))).toBe('unauthenticated');
  expect(await outcomeOf(verifier.verify(await sign(key, {}, { issuer: 'evil' })))).toBe('unauthenticated');
  expect(await outcomeOf(verifier.verify(await sign(key, {}, { audience: 'other' })))).toBe('unauthenticated');
  expect(await outcomeOf(verifier.verify(await sign(key, {}, { typ: 'JWT' })))).toBe('unauthenticated');
  expect(await outcomeOf(verifier.verify(await sign(key, { roles: ['root'] })))).toBe('unauthenticated');
  expect(await outcomeOf(verifier.verify(await sign(key, { kind: 'user', emp: undefined })))).toBe('unauthenticated');
  const stranger = await newKey('k1');
  expect(await outcomeOf(verifier.verify(await sign(stranger)))).toBe('unauthenticated');
});

test('when hr rotates to a key the verifier has not seen, then the set is refetched and the new token accepted; the old one still works while published', async () => {
  const verifier = createTokenVerifier({ jwksUrl: jwks.url, cooldownMs: 0 });
  const old = await sign(key);
  await verifier.verify(old);
  const next = await newKey('k2');
  jwks.keys = [next.jwk, key.jwk];
  await verifier.verify(await sign(next));
  expect(jwks.fetches).toBe(2);
  await verifier.verify(old);
});

test('when the key set cannot be fetched, then 503 (an outage is not a bad token)', async () => {
  const token = await sign(key);
  await jwks.stop();
  const verifier = createTokenVerifier({ jwksUrl: jwks.url, timeoutMs: 500 });
  expect(await outcomeOf(verifier.verify(token))).toBe('unavailable');
  await jwks.start();
});

describe('verified-token cache', () => {
  /** A key resolver over the test key that counts how often a signature had to be checked. */
  function countingKeys() {
    const counter = { lookups: 0 };
    const keys = async () => {
      counter.lookups += 1;
      return (await importJWK(key.jwk, 'EdDSA')) as KeyLike;
    };
    return { counter, keys };
  }

  test('when the same token comes again, then its signature is not checked again and the same principal comes back', async () => {
    const { counter, keys } = countingKeys();
    const verifier = createTokenVerifier({ keys });
    const token = await sign(key, { roles: ['manager'] });
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toEqual(first);
    expect(counter.lookups).toBe(1);
    expect(Object.isFrozen(second)).toBe(true);
  });

  test('when the cache is turned off, then every call checks the signature', async () => {
    const { counter, keys } = countingKeys();
    const verifier = createTokenVerifier({ keys, cacheSize: 0 });
    const token = await sign(key);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(counter.lookups).toBe(2);
  });

  test('when a remembered token expires, then it is refused like any expired token', async () => {
    const { keys } = countingKeys();
    const verifier = createTokenVerifier({ keys, clockToleranceSeconds: 0 });
    const token = await sign(key, {}, { expiresIn: 1 });
    expect(await outcomeOf(verifier.verify(token))).toBe('accepted');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await expect(verifier.verify(token)).rejects.toMatchObject({ kind: 'unauthenticated', detail: 'The access token has expired' });
  });

  test('when a token fails verification, then it is not remembered: every attempt is checked and refused', async () => {
    const { counter, keys } = countingKeys();
    const verifier = createTokenVerifier({ keys });
    const [h, p, s] = (await sign(key)).split('.') as [string, string, string];
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'] })).toString('base64url')}.${s}`;
    expect(await outcomeOf(verifier.verify(forged))).toBe('unauthenticated');
    expect(await outcomeOf(verifier.verify(forged))).toBe('unauthenticated');
    expect(counter.lookups).toBe(2);
  });
});

describe('authorize', () => {
  test('when a route is public, then no token is needed', async () => {
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    await expect(authorize(verifier, {}, 'public')).resolves.toBeNull();
  });

  test('when the token is missing or not a bearer token, then 401', async () => {
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    expect(await outcomeOf(authorize(verifier, {}, { roles: ['employee'] }))).toBe('unauthenticated');
    expect(await outcomeOf(authorize(verifier, { authorization: 'Basic YTpi' }, { roles: ['employee'] }))).toBe('unauthenticated');
  });

  test('when the caller lacks every required role, then 403; with one of them, the principal', async () => {
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    const headers = { authorization: `Bearer ${await sign(key)}` };
    expect(await outcomeOf(authorize(verifier, headers, { roles: ['admin', 'hr'] }))).toBe('forbidden');
    await expect(authorize(verifier, headers, { roles: ['hr', 'employee'] })).resolves.toMatchObject({ subject: 'account-1' });
  });

  test('when a service token meets a route for one named service, then only that service passes', async () => {
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    const orders = {
      authorization: `Bearer ${await sign(key, { kind: 'service', roles: ['service', 'service:orders'], emp: undefined, email: undefined })}`,
    };
    const observer = {
      authorization: `Bearer ${await sign(key, { kind: 'service', roles: ['service', 'service:observer'], emp: undefined, email: undefined })}`,
    };
    await expect(authorize(verifier, orders, { roles: ['service:orders'] })).resolves.toMatchObject({ kind: 'service', employeeId: null });
    expect(await outcomeOf(authorize(verifier, observer, { roles: ['service:orders'] }))).toBe('forbidden');
  });

  test('when a policy is built with roles(), then it admits exactly the callers holding one of those roles', async () => {
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    const headers = { authorization: `Bearer ${await sign(key)}` };
    expect(roles('manager', 'employee')).toEqual({ roles: ['manager', 'employee'] });
    await expect(authorize(verifier, headers, roles('manager', 'employee'))).resolves.toMatchObject({ subject: 'account-1' });
    await expect(authorize(verifier, headers, roles('admin'))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('object-level helpers', () => {
  const eve: Principal = {
    subject: 'a',
    kind: 'user',
    roles: ['employee'],
    employeeId: 'eve',
    email: null,
    tokenId: 't',
    expiresAt: new Date(),
  };
  const hrStaff: Principal = { ...eve, roles: ['hr'], employeeId: 'hal' };

  test('when the caller owns the object or holds a privileged role, then it is visible; otherwise 404 as if it did not exist', () => {
    expect(ownsOrHasRole(eve, 'eve', 'hr')).toBe(true);
    expect(ownsOrHasRole(hrStaff, 'eve', 'hr')).toBe(true);
    expect(ownsOrHasRole(eve, 'max', 'hr')).toBe(false);
    expect(hasRole(eve, 'admin')).toBe(false);
    const order = { id: 'o-1', owner: 'max' };
    expect(() => visibleOr404(order, (o) => ownsOrHasRole(eve, o.owner, 'hr'), 'Order', 'o-1')).toThrow(
      expect.objectContaining({ kind: 'not-found' }),
    );
    expect(() => visibleOr404(null, () => true, 'Order', 'o-2')).toThrow(expect.objectContaining({ kind: 'not-found' }));
    expect(visibleOr404(order, (o) => ownsOrHasRole(hrStaff, o.owner, 'hr'), 'Order', 'o-1')).toBe(order);
  });
});
