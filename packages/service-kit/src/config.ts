import cron from 'node-cron';
import { execFileSync } from 'node:child_process';
import { z } from 'zod';

/** Thrown by {@link defineConfig}: the message names every bad variable and what was wrong with it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The release id when RELEASE_ID is not set: the git commit of the working tree, else "dev". */
function defaultReleaseId(): string {
  try {
    return (
      execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 })
        .toString()
        .trim() || 'dev'
    );
  } catch {
    return 'dev';
  }
}

/** An integer read from the environment ("8001" → 8001), with a readable error message. */
export function envInteger(min: number, max: number) {
  const message = `expected a whole number ${min}–${max}`;
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, { error: message })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: message }).max(max, { error: message }));
}

/** A boolean read from the environment: "true"/"1"/"yes" or "false"/"0"/"no". */
export function envBoolean() {
  return z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
}

/** A node-cron expression (five fields, or six with seconds first), e.g. `0 17 * * * *`. */
export function envCron() {
  return z.string().refine((expression) => cron.validate(expression), { error: 'expected a node-cron expression' });
}

/** A URL with one of the given protocols (e.g. `envUrl('postgres:', 'postgresql:')`). */
export function envUrl(...protocols: string[]) {
  const message = protocols.length ? `expected a URL (${protocols.join(' or ')})` : 'expected a URL';
  return z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return protocols.length === 0 || protocols.includes(url.protocol);
      } catch {
        return false;
      }
    },
    { error: message },
  );
}

/** The variables every process reads. Spread it into a service's own shape. */
export const baseConfigShape = {
  PORT: envInteger(0, 65535)
    .default(0)
    .describe('TCP port to listen on (0 = any free port; services pass their default port to defineConfig)'),
  HOST: z.string().min(1).default('127.0.0.1').describe('interface to listen on'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info')
    .describe('pino log level'),
  DATABASE_URL: envUrl('postgres:', 'postgresql:')
    .optional()
    .describe("the service's own PostgreSQL database (required when the service has a database)"),
  DATABASE_POOL_MAX: envInteger(2, 100)
    .optional()
    .describe(
      "most connections to DATABASE_URL at once, at least 2 (migrations hold one for their lock); default: the service's own, 5 for most. Small pools do more per core, and every service shares the server's max_connections",
    ),
  REDIS_URL: envUrl('redis:', 'rediss:').optional().describe('Redis for the shared cache; unset → in-process LRU cache'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, { error: 'expected a size like 100kb or 1mb' })
    .default('100kb')
    .describe('largest accepted JSON request body'),
  SHUTDOWN_TIMEOUT_MS: envInteger(0, 600_000)
    .default(10_000)
    .describe('graceful shutdown bound; the process exits after this long regardless'),
  SHUTDOWN_DELAY_MS: envInteger(0, 600_000)
    .default(0)
    .describe(
      'on shutdown, keep serving this long after readiness turns 503 so load balancers stop sending traffic (e.g. 5000 in Kubernetes)',
    ),
  RELEASE_ID: z.string().min(1).default(defaultReleaseId).describe('build or git commit id reported by /health'),
  HR_URL: envUrl('http:', 'https:')
    .optional()
    .describe('base URL of hr, the identity provider: its JWKS verifies access tokens on routes that declare roles'),
  AUTH_JWKS_URL: envUrl('http:', 'https:')
    .optional()
    .describe('JWKS to verify access tokens with (default `${HR_URL}/.well-known/jwks.json`)'),
};

/** The parsed base configuration. */
export type BaseConfig = z.output<z.ZodObject<typeof baseConfigShape>>;

/** Options of {@link defineConfig}. */
export interface DefineConfigOptions {
  /** Used when PORT is not set (e.g. 8001 for catalog). */
  defaultPort?: number;
}

/**
 * Parses `env` with the zod `shape`. Empty strings count as unset. On failure throws {@link ConfigError}
 * naming each bad variable, e.g. `PORT: expected a whole number 0–65535, got "abc"`.
 */
export function defineConfig<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
  options: DefineConfigOptions = {},
): z.output<z.ZodObject<S>> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  if (options.defaultPort !== undefined && input.PORT === undefined && 'PORT' in shape) input.PORT = String(options.defaultPort);
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const raw = input[String(issue.path[0])];
    const message = raw === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
    if (raw === undefined) return `${name}: ${message}`;
    return `${name}: ${message}, got ${isSecretName(name) ? `a value of ${raw.length} characters (not shown)` : JSON.stringify(redactUrlPassword(raw))}`;
  });
  throw new ConfigError(problems);
}

/** Variables whose values never appear in an error message or log line. */
function isSecretName(name: string): boolean {
  return /SECRET|TOKEN|PASSWORD|PASSPHRASE|PRIVATE|(^|_)KEY($|_)|CLIENTS/.test(name);
}

/** `postgres://user:pw@host/db` → `postgres://user:***@host/db`; anything that is not such a URL is returned as is. */
function redactUrlPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@/\s]+@/i, '$1***@');
}
