import { randomBytes } from 'node:crypto';
import { createLogger, startService, type RunningService } from '@erp/service-kit';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { buildCatalogService, type CatalogConfig } from '../../src/service';
import type { TestIdentity } from './identity';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** How a test catalog is started. */
export interface CatalogHarnessOptions {
  /** hr that issues the tokens (the catalog gets its URL as `HR_URL`); its admin token goes with every write. */
  identity: TestIdentity;
  /** `redis` uses the real Redis (under a unique cache prefix), `memory` the in-process cache. */
  cache?: 'redis' | 'memory';
  /** Seed the demo data (default false: tests create what they need). */
  seed?: boolean;
  /** Extra environment (e.g. a DATABASE_URL through a proxy). */
  env?: Record<string, string>;
  /** Reuse a database instead of creating one (it is then not dropped by stop()). */
  database?: TestDatabase;
}

/** How one request is sent: a JSON or raw body, headers, and whose bearer token. */
export interface CallInit {
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** The access token to send; `null` sends none. Default: the admin token on POST/PUT/PATCH/DELETE, none on reads. */
  token?: string | null;
}

/** A catalog on port 0 with its own database, and helpers to call it and look at its tables. */
export interface CatalogHarness {
  url: string;
  database: TestDatabase;
  running: RunningService<CatalogConfig>;
  /** Runs SQL on the catalog's database. */
  sql<T = Record<string, unknown>>(query: string, parameters?: unknown[]): Promise<T[]>;
  /** Calls the catalog; JSON-encodes `json` bodies; writes carry the admin token unless `token` says otherwise. */
  request<T = Problem>(method: string, path: string, init?: CallInit): Promise<ApiResponse<T>>;
  /** Stops the service and drops its database (unless it was given). */
  stop(): Promise<void>;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  contentType: string;
  text: string;
  /** The parsed JSON body, as the caller expects it (undefined when empty or not JSON). */
  body: T;
}

/** An RFC 9457 problem document as the kit writes it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ field: string; message: string; in?: string }>;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Starts a catalog for one suite. */
export async function startCatalog(options: CatalogHarnessOptions): Promise<CatalogHarness> {
  const database = options.database ?? (await createTestDatabase('catalog'));
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    CATALOG_SEED: String(options.seed ?? false),
    HR_URL: options.identity.idp.url,
    CATALOG_CACHE_PREFIX: `t${randomBytes(6).toString('hex')}:`,
    ...(options.cache === 'redis' ? { REDIS_URL } : {}),
    ...options.env,
  };
  const definition = buildCatalogService(env);
  const running = await startService({ ...definition, handleSignals: false, logger: createLogger({ name: 'catalog', level: 'silent' }) });
  const request = async <T>(method: string, path: string, init: CallInit = {}): Promise<ApiResponse<T>> => {
    const token = init.token === undefined ? (READS.has(method.toUpperCase()) ? null : options.identity.adminToken) : init.token;
    const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(running.url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return {
      status: response.status,
      headers: response.headers,
      contentType: response.headers.get('content-type') ?? '',
      text,
      body: parsed as T,
    };
  };
  return {
    url: running.url,
    database,
    running,
    sql: (query, parameters) => running.context.dataSource.query(query, parameters),
    request,
    async stop() {
      await running.stop();
      if (!options.database) await database.drop();
    },
  };
}

/** A valid product body; `overrides` replace fields. */
export function productBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sku: `SKU-${randomBytes(4).toString('hex').toUpperCase()}`,
    name: 'Trail running shoe',
    description: 'Lightweight, grippy outsole.',
    priceCents: 12900,
    currency: 'EUR',
    attributes: { size: 42, color: 'green' },
    ...overrides,
  };
}
