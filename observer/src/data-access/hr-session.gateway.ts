import { createHash } from 'node:crypto';
import { ServiceUnavailableError } from '@erp/errors';
import { createHttpClient, type HttpClient, type Logger } from '@erp/service-kit';
import { upstreamProblem, type UpstreamResponse } from './upstream-problem';

/** What hr answers to a login or a refresh. */
export interface HrTokens {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken: string;
  /** Seconds. */
  refreshExpiresIn: number;
}

/** How long the answer to one refresh token is kept for other requests that still carry it (see {@link HrSessionGateway.refresh}). */
const REFRESH_REUSE_MS = 30_000;

const isTokens = (value: unknown): value is HrTokens => {
  const v = value as Partial<HrTokens> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.expiresIn === 'number' &&
    typeof v.refreshExpiresIn === 'number'
  );
};

/**
 * hr's login, refresh and logout, called on behalf of a person signing in to the dashboard (through the kit's HTTP
 * client: timeout, circuit breaker, request id). hr's refusals come back as the same problems (401, 429 with its
 * Retry-After); hr unreachable → 503.
 */
export class HrSessionGateway {
  private readonly http: HttpClient;
  /** Refreshes in flight or just done, by SHA-256 of the refresh token spent. */
  private readonly refreshes = new Map<string, { at: number; result: Promise<HrTokens> }>();

  constructor(hrUrl: string, logger: Logger) {
    // A login costs hr an argon2id verification (~100 ms, more under load): a longer timeout than a plain read.
    this.http = createHttpClient({ name: 'hr', baseURL: hrUrl, logger, timeoutMs: 5_000, retries: 1 });
  }

  async login(email: string, password: string): Promise<HrTokens> {
    return this.tokens(await this.http.post('/api/v1/auth/login', { email, password }));
  }

  /**
   * Trades a refresh token for a new pair. hr rotates refresh tokens and treats a second use of a spent one as theft
   * (it revokes the whole family), so a page that fires several requests with the same expired cookie at once must not
   * spend it several times: concurrent and shortly later calls with the same token share one answer.
   */
  refresh(refreshToken: string): Promise<HrTokens> {
    const now = Date.now();
    for (const [key, entry] of this.refreshes) if (now - entry.at > REFRESH_REUSE_MS) this.refreshes.delete(key);
    const key = createHash('sha256').update(refreshToken).digest('base64url');
    const known = this.refreshes.get(key);
    if (known) return known.result;
    const result = this.http.post('/api/v1/auth/refresh', { refreshToken }).then((response) => this.tokens(response));
    this.refreshes.set(key, { at: now, result });
    // hr unreachable: the token was not spent, so a later request may try again.
    result.catch((error: unknown) => {
      if (error instanceof ServiceUnavailableError) this.refreshes.delete(key);
    });
    return result;
  }

  /** Revokes the refresh token's family at hr (idempotent there). */
  async logout(refreshToken: string): Promise<void> {
    const response = await this.http.post('/api/v1/auth/logout', { refreshToken });
    if (response.status >= 300) throw upstreamProblem('hr', response as UpstreamResponse);
  }

  /** The person's name ("Ada Admin") as hr shows it to themselves; null when hr does not say. */
  async employeeName(accessToken: string, employeeId: string): Promise<string | null> {
    const response = await this.http.get<{ firstName?: unknown; lastName?: unknown }>(
      `/api/v1/employees/${encodeURIComponent(employeeId)}`,
      {
        headers: { authorization: `Bearer ${accessToken}` },
      },
    );
    if (response.status !== 200) return null;
    const name = [response.data.firstName, response.data.lastName].filter((part) => typeof part === 'string' && part !== '').join(' ');
    return name || null;
  }

  close(): void {
    this.http.close();
  }

  private tokens(response: UpstreamResponse): HrTokens {
    if (response.status !== 200) throw upstreamProblem('hr', response);
    if (!isTokens(response.data)) throw new ServiceUnavailableError('hr answered a login without tokens', { dependency: 'hr' });
    const { accessToken, expiresIn, refreshToken, refreshExpiresIn } = response.data;
    return { accessToken, expiresIn, refreshToken, refreshExpiresIn };
  }
}
