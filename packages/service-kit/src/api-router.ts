import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { UnsupportedMediaTypeError } from './errors/unsupported-media-type.error';
import { ValidationError, type FieldError } from './errors/validation.error';
import { fieldErrorsFromZod } from './errors/zod-issues';
import { RawJson } from './raw-json';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head';

/** A documented response: a zod schema (JSON body), `'problem'` (problem+json), `null` (no content), or with a description. */
export type ResponseSpec = z.ZodType | 'problem' | null | { description: string; schema?: z.ZodType | 'problem' | null };

/** One route: where it lives, what it accepts (zod) and what it answers (for OpenAPI). */
export interface RouteSpec<P, Q, B, H> {
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
  responses: Record<number, ResponseSpec>;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What a handler receives: the parsed, typed inputs plus the raw request and response. */
export interface RouteInput<P, Q, B, H> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  headers: Out<H>;
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

export type RouteHandler<P, Q, B, H> = (input: RouteInput<P, Q, B, H>) => Promise<RouteResult | void> | RouteResult | void;

/** A route as registered, with its schemas (used by the OpenAPI builder). */
export interface RegisteredRoute {
  spec: RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;
  /** The full OpenAPI path, prefix included. */
  path: string;
}

/** Options when mounting an {@link ApiRouter} into Express. */
export interface MountOptions {
  /** Largest accepted JSON body (default `100kb`). */
  bodyLimit?: string | number;
}

const JSON_TYPES = ['application/json', 'application/*+json'];
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Makes a top-level object schema strict unless it already sets a catchall (strict or loose). */
function strictTopLevel<T extends z.ZodType | undefined>(schema: T): T {
  if (schema instanceof z.ZodObject && schema.def.catchall === undefined) return schema.strict() as unknown as T;
  return schema;
}

/** Parses `value` with `schema`, collecting field errors into `errors`. */
function parsePart(schema: z.ZodType | undefined, value: unknown, location: FieldError['in'], errors: FieldError[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  errors.push(...fieldErrorsFromZod(result.error.issues, location));
  return undefined;
}

/** Writes a handler's result: JSON body (or none), headers, and 304 when an ETag the handler set matches. */
function send(req: Request, res: Response, result: RouteResult): void {
  res.statusCode = result.status;
  if (result.headers) for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  const etag = res.getHeader('etag');
  if (etag !== undefined && result.status === 200 && req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  if (result.body === undefined) {
    res.end();
    return;
  }
  res.setHeader('content-type', JSON_CONTENT_TYPE);
  res.end(result.body instanceof RawJson ? result.body.text : JSON.stringify(result.body));
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
  route<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined, H extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<P, Q, B, H>,
    handler: RouteHandler<P, Q, B, H>,
  ): this {
    const query = strictTopLevel(spec.query);
    const body = strictTopLevel(spec.body);
    const params = spec.params;
    const headers = spec.headers;
    const registered: RegisteredRoute = { spec: { ...spec, query, body } as RegisteredRoute['spec'], path: this.prefix + spec.path };
    const run = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const errors: FieldError[] = [];
        const input = {
          params: parsePart(params, req.params, 'params', errors),
          query: parsePart(query, query ? req.query : undefined, 'query', errors),
          body: parsePart(body, req.body, 'body', errors),
          headers: parsePart(headers, req.headers, 'headers', errors),
          req,
          res,
        } as RouteInput<P, Q, B, H>;
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
      if (route.spec.body) router[route.spec.method](expressPath, readJsonBody, run);
      else router[route.spec.method](expressPath, run);
    }
  }
}
