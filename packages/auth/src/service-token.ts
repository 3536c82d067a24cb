/** Client-credentials tokens for calls between services (orders → inventory, observer → services, …). */

export interface ServiceTokenSourceOptions {
  /** hr's base URL (`HR_URL`). */
  hrUrl: string;
  clientId: string;
  clientSecret: string;
  /** Get a new token this long before the current one expires (default 30 s). */
  refreshBeforeSeconds?: number;
  /** Timeout of one token request (default 2 s). */
  timeoutMs?: number;
}

/** Hands out a valid access token for this service, fetching a new one only when needed. */
export interface ServiceTokenSource {
  /** The current token (fetched or refreshed when missing or about to expire; concurrent callers share one fetch). */
  token(): Promise<string>;
  /** `Bearer <token>`, for an Authorization header. */
  authorization(): Promise<string>;
  /** Forget the cached token (after a 401 from the callee, e.g. once hr rotated its keys and the token was refused). */
  invalidate(): void;
}

/** Error raised when hr refuses the credentials or cannot be reached. */
export class ServiceTokenError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ServiceTokenError';
  }
}

/** Token source that posts `{ clientId, clientSecret }` to `${hrUrl}/api/v1/auth/service-token`. */
export function createServiceTokenSource(options: ServiceTokenSourceOptions): ServiceTokenSource {
  const url = `${options.hrUrl.replace(/\/+$/, '')}/api/v1/auth/service-token`;
  const margin = (options.refreshBeforeSeconds ?? 30) * 1000;
  let current: { token: string; renewAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId: options.clientId, clientSecret: options.clientSecret }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 2_000),
    }).catch((error: unknown) => {
      throw new ServiceTokenError(`Cannot reach hr for a service token: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (!response.ok)
      throw new ServiceTokenError(`hr refused the service credentials of ${options.clientId} (${response.status})`, response.status);
    const body = (await response.json()) as { accessToken?: unknown; expiresIn?: unknown };
    if (typeof body.accessToken !== 'string' || typeof body.expiresIn !== 'number')
      throw new ServiceTokenError('hr answered without an access token');
    current = { token: body.accessToken, renewAt: Date.now() + Math.max(body.expiresIn * 1000 - margin, body.expiresIn * 500) };
    return body.accessToken;
  };

  const token = async (): Promise<string> => {
    if (current && current.renewAt > Date.now()) return current.token;
    inflight ??= fetchToken().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  return {
    token,
    authorization: async () => `Bearer ${await token()}`,
    invalidate: () => {
      current = undefined;
    },
  };
}
