import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { authorize, requireRole, type Principal, type Role, type RouteAuth, type TokenVerifier } from '@erp/auth';
import { z } from 'zod';
import { UnauthorizedError, UnsupportedMediaTypeError, ValidationError, type FieldError } from '@erp/errors';
import { fieldErrorsFromZod } from './errors/zod-issues';
import { findUnsafeInput, unsafeStringReason } from './input-guard';
import { RawJson } from './raw-json';

export type { RouteAuth };

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head';

/** A documented response: a zod schema (JSON body), `'problem'` (problem+json), `null` (no content), or with a description. */
export type ResponseSpec = z.ZodType | 'problem' | null | { description: string; schema?: z.ZodType | 'problem' | null };

/** One route: where it lives, what it accepts (zod) and what it answers (for OpenAPI). */
export interface RouteSpec<P, Q, B, H, A extends RouteAuth = RouteAuth> {
  method: HttpMethod;
  /** OpenAPI form: `/api/v1/products/{id}`. */
  path: string;
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  deprecated?: boolean;
  /** Path parameters (strings in, so use z.coerce for numbers). */
  params?: P;
  /** Query string (strings or string arrays in). A top-level object is made strict unless it is explicitly loose. */
  query?: Q;
  /** JSON body; the route then requires `Content-Type: application/json`. A top-level object is made strict unless loose. */
  body?: B;
  /** Request headers to validate (lower-case names; never strict). */
  headers?: H;
  /**
   * Who may call: `'public'`, or `{ roles }` (the caller needs a valid access token with at least one of them: 401
   * without one, 403 with none of the roles). Checked before the body is read. Required: an open route says so.
   */
  auth: A;
  responses: Record<number, ResponseSpec>;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/** The verified caller on routes that declare roles; null on public routes. */
export type PrincipalFor<A> = A extends { roles: readonly Role[] } ? Principal : null;

/** What a handler receives: the parsed, typed inputs plus the raw request and response. */
export interface RouteInput<P, Q, B, H, A extends RouteAuth = 'public'> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  headers: Out<H>;
  /** Who is calling (see {@link RouteSpec.auth}). */
  principal: PrincipalFor<A>;
  req: Request;
  res: Response;
}

/**
 * What a handler returns; `body` is sent as JSON (a {@link RawJson} as its text), undefined sends no content.
 * Returning nothing means the handler wrote `res` itself.
 */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string | number | readonly string[]>;
}

export type RouteHandler<P, Q, B, H, A extends RouteAuth = 'public'> = (
  input: RouteInput<P, Q, B, H, A>,
) => Promise<RouteResult | void> | RouteResult | void;

/** A route as registered, with its schemas (used by the OpenAPI builder). */
export interface RegisteredRoute {
  spec: RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, RouteAuth>;
  /** The full OpenAPI path, prefix included. */
  path: string;
}

/**
 * Where a service that opts in takes the caller's access token from when a request has no `Authorization` header (e.g.
 * a session cookie). Resolves to the token, or undefined when the request carries none (then 401); it may refuse by
 * throwing (e.g. a 403 for a failed CSRF check) and may set response headers (e.g. a refreshed cookie).
 */
export type RequestTokenSource = (req: Request, res: Response) => Promise<string | undefined>;

/** Options when mounting an {@link ApiRouter} into Express. */
export interface MountOptions {
  /** Largest accepted JSON body (default `100kb`). */
  bodyLimit?: string | number;
  /** Verifies access tokens for routes that declare roles (required when any route does). */
  verifier?: TokenVerifier;
  /** Opt-in second source of the token, asked only when there is no `Authorization` header (a bearer token always wins). */
  tokenSource?: RequestTokenSource;
}

const JSON_TYPES = ['application/json', 'application/*+json'];
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Makes a top-level object schema strict unless it already sets a catchall (strict or loose). */
function strictTopLevel<T extends z.ZodType | undefined>(schema: T): T {
  if (schema instanceof z.ZodObject && schema.def.catchall === undefined) return schema.strict() as unknown as T;
  return schema;
}

/**
 * Parses `value` with `schema`, collecting field errors into `errors`. Strings no route may accept (NUL, lone
 * surrogates) and values nested too deeply are refused first, whatever the schema says (see input-guard.ts).
 */
function parsePart(schema: z.ZodType | undefined, value: unknown, location: FieldError['in'], errors: FieldError[]): unknown {
  if (!schema) return undefined;
  if (findUnsafeInput(value, location, errors)) return undefined;
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  errors.push(...fieldErrorsFromZod(result.error.issues, location));
  return undefined;
}

/** Writes a handler's result: JSON body (or none), headers, and 304 when an ETag the handler set matches. */
function send(req: Request, res: Response, result: RouteResult): void {
  res.statusCode = result.status;
  const headers = result.headers;
  if (headers) for (const name in headers) res.setHeader(name, headers[name] as string | number | readonly string[]);
  const etag = res.getHeader('etag');
  if (etag !== undefined && result.status === 200 && req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const body = result.body;
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader('content-type', JSON_CONTENT_TYPE);
  res.end(body instanceof RawJson ? body.bytes : JSON.stringify(body));
}

/** Accepts a path parameter value without zod: a string zod would take unchanged, refused by nothing else either. */
type ParamCheck = (value: unknown) => boolean;

/** Formats whose zod check is exactly their `pattern` (so the regex alone decides as zod would). */
const PATTERN_ONLY_FORMATS = new Set(['uuid', 'guid']);

/**
 * A precompiled check for a params schema that is a plain object (unknown keys stripped, as zod's default) of plain
 * strings (`z.string()` without checks) and pattern-only formats (`z.uuid()`, `z.guid()`), or undefined for anything
 * else. A value it accepts parses to the same output as zod gives; anything it does not accept goes through
 * {@link parsePart} (zod and the input guard), so errors stay exactly zod's.
 */
function fastParamsCheck(
  schema: z.ZodType | undefined,
): ((params: Record<string, unknown>) => Record<string, string> | undefined) | undefined {
  if (!(schema instanceof z.ZodObject) || schema.def.catchall !== undefined) return undefined;
  const fields: Array<[string, ParamCheck]> = [];
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const def = field._zod.def as {
      type: string;
      checks?: unknown[];
      format?: string;
      check?: string;
      pattern?: unknown;
      coerce?: boolean;
    };
    if (def.type !== 'string' || def.coerce || (def.checks && def.checks.length > 0)) return undefined;
    if (def.format === undefined && def.check === undefined && field instanceof z.ZodString) {
      fields.push([name, (value) => typeof value === 'string' && unsafeStringReason(value) === undefined]);
    } else if (def.check === 'string_format' && def.format && PATTERN_ONLY_FORMATS.has(def.format) && def.pattern instanceof RegExp) {
      const pattern = new RegExp(def.pattern.source, def.pattern.flags.replace(/[gy]/g, ''));
      fields.push([name, (value) => typeof value === 'string' && pattern.test(value) && unsafeStringReason(value) === undefined]);
    } else return undefined;
  }
  return (params) => {
    const out: Record<string, string> = {};
    for (let i = 0; i < fields.length; i++) {
      const [name, check] = fields[i] as [string, ParamCheck];
      const value = params[name];
      if (!check(value)) return undefined;
      out[name] = value as string;
    }
    return out;
  };
}

/**
 * Routes whose inputs are validated by zod and whose OpenAPI document comes from the same schemas.
 * Build with {@link ApiRouter.route}, mount with {@link ApiRouter.toExpress} (startService does both).
 */
export class ApiRouter {
  private readonly registered: RegisteredRoute[] = [];
  private readonly handlers = new Map<RegisteredRoute, RequestHandler>();
  readonly prefix: string;

  constructor(options: { prefix?: string } = {}) {
    this.prefix = options.prefix ?? '';
  }

  /** Every route registered so far. */
  get routes(): readonly RegisteredRoute[] {
    return this.registered;
  }

  /** Adds a route. `handler` gets parsed `params`, `query`, `body`, `headers`; bad input never reaches it. */
  route<
    P extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
    H extends z.ZodType | undefined = undefined,
    A extends RouteAuth = 'public',
  >(spec: RouteSpec<P, Q, B, H, A>, handler: RouteHandler<P, Q, B, H, A>): this {
    const declared: unknown = spec.auth;
    const hasRoles =
      typeof declared === 'object' &&
      declared !== null &&
      Array.isArray((declared as { roles?: unknown }).roles) &&
      (declared as { roles: unknown[] }).roles.length > 0;
    if (declared !== 'public' && !hasRoles) {
      throw new Error(
        `${spec.method.toUpperCase()} ${this.prefix + spec.path}: declare who may call it, auth: 'public' or { roles: [...] }`,
      );
    }
    const query = strictTopLevel(spec.query);
    const body = strictTopLevel(spec.body);
    const params = spec.params;
    const fastParams = fastParamsCheck(params);
    const headers = spec.headers;
    const registered: RegisteredRoute = { spec: { ...spec, query, body } as RegisteredRoute['spec'], path: this.prefix + spec.path };
    const run = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const errors: FieldError[] = [];
        const input = {
          params: (fastParams && fastParams(req.params)) ?? parsePart(params, req.params, 'params', errors),
          query: query ? parsePart(query, req.query, 'query', errors) : undefined,
          body: body ? parsePart(body, req.body, 'body', errors) : undefined,
          headers: headers ? parsePart(headers, req.headers, 'headers', errors) : undefined,
          principal: (res.locals.principal as Principal | undefined) ?? null,
          req,
          res,
        } as RouteInput<P, Q, B, H, A>;
        if (errors.length > 0) throw new ValidationError(errors);
        const result = await handler(input);
        if (result) send(req, res, result);
      } catch (error) {
        next(error);
      }
    };
    this.registered.push(registered);
    this.handlers.set(registered, run);
    return this;
  }

  /** An Express router serving every route (JSON bodies parsed only on routes that declare a body). */
  toExpress(options: MountOptions = {}): express.Router {
    const router = express.Router();
    this.mount(router, options);
    return router;
  }

  /** Registers every route directly on `target` (an app or router): one routing layer fewer than `toExpress`. */
  mount(target: express.Router | express.Express, options: MountOptions = {}): void {
    const router = target as express.IRouter;
    const parseJson = express.json({ limit: options.bodyLimit ?? '100kb', strict: true, type: () => true });
    // No body (or Content-Length: 0) leaves req.body undefined, so the schema reports it as required.
    const readJsonBody: RequestHandler = (req, res, next) => {
      if (req.headers['content-length'] === '0' || req.is(JSON_TYPES) === null) next();
      else if (req.is(JSON_TYPES) === false) next(new UnsupportedMediaTypeError(req.headers['content-type']));
      else parseJson(req, res, next);
    };
    for (const route of this.registered) {
      const expressPath = route.path.replace(/\{([^}]+)\}/g, ':$1');
      const run = this.handlers.get(route) as RequestHandler;
      const stages: RequestHandler[] = [];
      const { auth } = route.spec;
      if (auth !== 'public') stages.push(authenticateFor(route, auth, options.verifier, options.tokenSource));
      if (route.spec.body) stages.push(readJsonBody);
      router[route.spec.method](expressPath, ...stages, run);
    }
  }
}

/** Checks the caller before anything else runs (so an anonymous request learns nothing about the body it sent). */
function authenticateFor(
  route: RegisteredRoute,
  auth: Exclude<RouteAuth, 'public'>,
  verifier: TokenVerifier | undefined,
  tokenSource: RequestTokenSource | undefined,
): RequestHandler {
  if (!verifier) {
    throw new Error(
      `${route.spec.method.toUpperCase()} ${route.path} declares roles but no token verifier is configured (set AUTH_JWKS_URL or HR_URL)`,
    );
  }
  const fromSource = async (req: Request, res: Response, source: RequestTokenSource): Promise<Principal> => {
    const token = await source(req, res);
    if (token === undefined) throw new UnauthorizedError('Authentication is required');
    return requireRole(await verifier.verify(token), ...auth.roles);
  };
  return (req, res, next) => {
    const header = req.headers.authorization;
    const caller =
      tokenSource && (header === undefined || header === '') ? fromSource(req, res, tokenSource) : authorize(verifier, req.headers, auth);
    caller.then((principal) => {
      res.locals.principal = principal;
      next();
    }, next);
  };
}
