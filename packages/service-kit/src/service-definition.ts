import type { TokenVerifier } from '@erp/auth';
import type { HealthMonitor, HealthThresholdsInput } from '@erp/health';
import type { RequestHandler } from 'express';
import type { HelmetOptions } from 'helmet';
import type { DataSource } from 'typeorm';
import type { ApiRouter, RequestTokenSource } from './api-router';
import type { Cache } from './cache/cache';
import type { BaseConfig } from './config';
import type { DataSourceOptions } from './database';
import type { HttpClient, HttpClientOptions } from './http-client';
import type { Logger } from './logger';

/** Everything a service's routes, seed and jobs get. */
export interface ServiceContext<C extends BaseConfig = BaseConfig> {
  name: string;
  version: string;
  config: C;
  logger: Logger;
  /** The initialized, migrated data source (throws on access when the service declares no database). */
  dataSource: DataSource;
  cache: Cache;
  /** One client per `downstream` entry, by the same name. */
  http: Record<string, HttpClient>;
  health: HealthMonitor;
}

/** Something started by a service that must stop on shutdown (a cron task, an interval, a consumer). */
export interface Job {
  stop(): void | Promise<void>;
}

/** A running long-lived background component (a pipeline, a consumer) returned by `def.background`. */
export interface Background {
  /** Stops it; resolves once its work in flight is done (the data source is still open meanwhile). */
  stop(): Promise<void>;
}

/** A downstream service with its client's options (timeout, retries, breaker); `url` undefined means not configured. */
export type Downstream = { url: string | undefined } & Omit<HttpClientOptions, 'name' | 'baseURL' | 'logger'>;

/** What a service declares; {@link startService} does the rest. */
export interface ServiceDefinition<C extends BaseConfig = BaseConfig> {
  /** Service name: `serviceId` in /health, log `name`, cache namespace, `application_name` in Postgres. */
  name: string;
  version: string;
  description?: string;
  config: C;
  /** Entities and hand-written migrations; requires DATABASE_URL. Migrations run at start. */
  database?: { entities: DataSourceOptions['entities']; migrations?: DataSourceOptions['migrations']; poolMax?: number };
  /** Other services by name → base URL (or URL and client options): each gets `ctx.http[name]` and a non-required `<name>:responseTime` check. */
  downstream?: Record<string, string | undefined | Downstream>;
  /** Runs once per start, after migrations, before the server listens (make it idempotent). */
  seed?: (ctx: ServiceContext<C>) => Promise<void>;
  /**
   * A long-running background component the routes may read (e.g. the observer's pipeline): started after migrations
   * and `seed`, before `routes` is called and the server listens; stopped at shutdown after the server has drained and
   * the jobs have stopped, before health checks, clients, the cache and the data source close (also when the start
   * fails after it). Use `jobs` for scheduled work.
   */
  background?: (ctx: ServiceContext<C>) => Promise<Background>;
  /** The service's routes; plain Express handlers/routers are mounted as given (not in the OpenAPI document). */
  routes: (ctx: ServiceContext<C>) => Array<ApiRouter | RequestHandler>;
  /** Scheduled or background work, started after listen and stopped on shutdown. */
  jobs?: (ctx: ServiceContext<C>) => Job[];
  /** Health thresholds (turning pass into warn/fail) and check interval. */
  health?: { thresholds?: HealthThresholdsInput; checkIntervalMs?: number };
  /** Helmet options (default: helmet's defaults). */
  helmet?: HelmetOptions;
  /** In-process cache size when REDIS_URL is unset (default 10 000). */
  cacheMaxEntries?: number;
  /** Install SIGTERM/SIGINT handlers that stop gracefully and exit (default true; tests pass false and call stop()). */
  handleSignals?: boolean;
  /** Verifies access tokens on routes that declare roles. Default: hr's JWKS from AUTH_JWKS_URL or HR_URL (hr itself passes its own keys). */
  tokenVerifier?: (ctx: ServiceContext<C>) => TokenVerifier;
  /**
   * Opt-in: where routes that declare roles take the token from when a request has no `Authorization` header (e.g. a
   * session cookie; see {@link RequestTokenSource}). Unset → bearer tokens only. Called after `routes`.
   */
  requestToken?: (ctx: ServiceContext<C>) => RequestTokenSource;
  /** Logger to use instead of a new one on stdout (tests pass one writing to a stream). */
  logger?: Logger;
}

/** A started service. */
export interface RunningService<C extends BaseConfig = BaseConfig> {
  /** `http://HOST:port`. */
  url: string;
  port: number;
  server: import('node:http').Server;
  context: ServiceContext<C>;
  /** Graceful stop: readiness fails, no new connections, in-flight requests drain, then resources close. Idempotent. */
  stop(): Promise<void>;
}
