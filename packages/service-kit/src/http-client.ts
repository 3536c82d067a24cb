import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
  type ICancellationContext,
} from 'cockatiel';
import { ServiceUnavailableError } from '@erp/errors';
import type { Logger } from './logger';
import { currentRequestId, useRequestIdContext } from './request-context';

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Name of the called service (logs, errors, `user-agent`). */
  name: string;
  baseURL: string;
  logger: Logger;
  /** Timeout of each try (default 2000 ms). */
  timeoutMs?: number;
  /** Retries after the first try, for idempotent requests only (default 2). */
  retries?: number;
  /** First backoff delay; later ones grow exponentially with jitter up to 2 s (default 100 ms). */
  backoffMs?: number;
  breaker?: {
    /** Consecutive failures (network error, timeout, 5xx) that open the circuit (default 5). */
    failureThreshold?: number;
    /** Time the circuit stays open before one trial call is let through (default 10 000 ms). */
    halfOpenAfterMs?: number;
  };
}

export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

/** An axios-like client with per-try timeouts, retries for idempotent calls, a circuit breaker and request-id forwarding. */
export interface HttpClient {
  readonly name: string;
  readonly baseURL: string;
  /** The current state of this client's circuit breaker. */
  readonly circuitState: CircuitStateName;
  request<T = unknown>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  get<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  head<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  delete<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  post<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  put<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  patch<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  /** Frees the keep-alive sockets. */
  close(): void;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const stateNames: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** Whether an error means the other side is unhealthy: no answer, a timeout, or a 5xx. */
function isFailure(error: Error): boolean {
  if (error instanceof BrokenCircuitError) return false;
  if (error instanceof TaskCancelledError) return true;
  if (error instanceof AxiosError) return error.response === undefined || error.response.status >= 500;
  return false;
}

function hasHeader(headers: AxiosRequestConfig['headers'], name: string): boolean {
  if (!headers) return false;
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** Creates the client other services are called with. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { name, baseURL, logger } = options;
  // calls made while handling a request carry its id: requests now run with it in the async context
  useRequestIdContext();
  const timeoutMs = options.timeoutMs ?? 2000;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  const instance: AxiosInstance = axios.create({
    baseURL,
    validateStatus: (status) => status < 500,
    httpAgent,
    httpsAgent,
    maxContentLength: 10 * 1024 * 1024,
    maxRedirects: 0,
    headers: { 'user-agent': `erp-http-client (${name})` },
  });

  const breaker = circuitBreaker(handleWhen(isFailure), {
    halfOpenAfter: options.breaker?.halfOpenAfterMs ?? 10_000,
    breaker: new ConsecutiveBreaker(options.breaker?.failureThreshold ?? 5),
  });
  breaker.onBreak(() => logger.warn({ dependency: name }, 'circuit opened'));
  breaker.onHalfOpen(() => logger.info({ dependency: name }, 'circuit half-open: trying one call'));
  breaker.onReset(() => logger.info({ dependency: name }, 'circuit closed'));
  // No abort once a call has returned: the response is complete, and aborting would build a DOMException (with its
  // stack) per call for nothing — 1–2 % of a busy caller's CPU.
  const perTry = timeout(timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const retrying = retry(handleWhen(isFailure), {
    maxAttempts: options.retries ?? 2,
    backoff: new ExponentialBackoff({ initialDelay: options.backoffMs ?? 100, maxDelay: 2000 }),
  });
  retrying.onRetry((event) => logger.debug({ dependency: name, attempt: event.attempt, delayMs: event.delay }, 'retrying'));
  const once: IPolicy<ICancellationContext> = wrap(breaker, perTry);
  const withRetries: IPolicy<ICancellationContext> = wrap(retrying, breaker, perTry);

  /** Turns the final failure into a 503 problem naming the dependency. */
  function toServiceError(error: unknown, method: string, url: string): unknown {
    const extra = { dependency: name };
    if (error instanceof BrokenCircuitError) return new ServiceUnavailableError(`${name} is unavailable (circuit open)`, extra, error);
    if (error instanceof TaskCancelledError)
      return new ServiceUnavailableError(`${name} did not answer ${method} ${url} within ${timeoutMs} ms`, extra, error);
    if (error instanceof AxiosError) {
      const what = error.response ? `answered ${error.response.status}` : `is unreachable (${error.code ?? error.message})`;
      return new ServiceUnavailableError(
        `${name} ${what} for ${method} ${url}`,
        { ...extra, ...(error.response ? { upstreamStatus: error.response.status } : {}) },
        error,
      );
    }
    return error;
  }

  async function request<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    const method = (config.method ?? 'GET').toUpperCase();
    const headers = { ...(config.headers as Record<string, string> | undefined) };
    const requestId = currentRequestId();
    if (requestId && !hasHeader(headers, 'x-request-id')) headers['x-request-id'] = requestId;
    const idempotent = IDEMPOTENT.has(method) || hasHeader(headers, 'idempotency-key');
    const policy = idempotent ? withRetries : once;
    try {
      // A signal of its own per call: without one, cockatiel hangs every concurrent call's timeout on one shared
      // signal, which piles up abort listeners (MaxListenersExceededWarning) under load.
      return await policy.execute(
        ({ signal }) => instance.request<T>({ ...config, method, headers, signal }),
        (config.signal as AbortSignal | undefined) ?? new AbortController().signal,
      );
    } catch (error) {
      throw toServiceError(error, method, config.url ?? '');
    }
  }

  return {
    name,
    baseURL,
    get circuitState() {
      return stateNames[breaker.state];
    },
    request,
    get: (url, config) => request({ ...config, url, method: 'GET' }),
    head: (url, config) => request({ ...config, url, method: 'HEAD' }),
    delete: (url, config) => request({ ...config, url, method: 'DELETE' }),
    post: (url, data, config) => request({ ...config, url, data, method: 'POST' }),
    put: (url, data, config) => request({ ...config, url, data, method: 'PUT' }),
    patch: (url, data, config) => request({ ...config, url, data, method: 'PATCH' }),
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
