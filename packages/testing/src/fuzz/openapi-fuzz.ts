import fc from 'fast-check';
import { validFor, validNamed, type JsonSchema, type KnownValues, type SchemaContext } from './json-schema-arbitrary';
import { spoilOne, type RequestValues } from './request-mutation';
import { BROKEN_ENCODINGS, encodeForUrl, hostileString, toHeaderValue } from './hostile-values';

/** How {@link fuzzOpenApi} reaches a member and checks that it stayed intact. */
export interface FuzzOptions {
  /** Base URL of the member; its `/openapi.json` says what to send. */
  baseUrl: string;
  /** Bearer token sent with every request (an admin's, so that validation is reached). */
  token?: string;
  /** Requests per route for each generated kind (default `FUZZ_RUNS`, else 4). */
  runs?: number;
  /** Seed of the generators (default `FUZZ_SEED`, else random; printed with every failure to replay it). */
  seed?: number;
  /**
   * Real values by parameter or body field name, used in most valid requests (e.g. `{ sku: ['LT-WORK-15'], currency:
   * ['EUR'], 'if-match': ['*'] }`): existing records and rules a schema cannot state, so that requests get past them.
   */
  values?: KnownValues;
  /** Digest of everything the member stores; compared around every refused write. */
  digest?: () => Promise<Record<string, string>>;
  /**
   * Refusals after which the member writes a record by design (e.g. orders keeps a failed placement, 409, and stores
   * the answer with its Idempotency-Key); the rest of {@link MUST_NOT_WRITE} still must change nothing.
   */
  recordedRefusals?: number[];
  /** Waits until what a write that may write set off in the background has landed (e.g. a compensation job's release). */
  settle?: () => Promise<void>;
}

/** One broken promise: a 5xx, a 4xx that is not problem+json, or a refused request that changed stored data. */
export interface FuzzFailure {
  route: string;
  request: string;
  problem: string;
}

/** What a fuzz run sent and found. */
export interface FuzzReport {
  seed: number;
  routes: number;
  requests: number;
  /** Responses counted by status. */
  statuses: Record<number, number>;
  failures: FuzzFailure[];
}

/** One request to send. */
interface FuzzRequest {
  path: string;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: string;
}

interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  body?: JsonSchema;
}

const WRITES = new Set(['post', 'put', 'patch', 'delete']);
/** Refusals after which nothing may have been written (401/403/429 may legitimately count attempts). */
const MUST_NOT_WRITE = new Set([400, 404, 409, 413, 415, 422]);

/** Requests per route and kind: `FUZZ_RUNS`, else 4 (the normal suite). */
function defaultRuns(): number {
  return Number(process.env.FUZZ_RUNS ?? 4);
}

/** A jest timeout for one {@link fuzzOpenApi} test at `FUZZ_RUNS` (2 minutes plus 30 s per run: long runs take long). */
export function fuzzTimeoutMs(): number {
  return 120_000 + 30_000 * defaultRuns();
}

/** Every operation of an OpenAPI document. */
function operationsOf(document: JsonSchema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Record<string, JsonSchema>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const content = (operation.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content;
      operations.push({
        method,
        path,
        parameters: (operation.parameters ?? []) as Operation['parameters'],
        body: content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

/** A value from a URL or header generator as the strings that go on the wire. */
function wireStrings(value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(wireStrings);
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

/** Valid requests for the operation, drawn from its schemas and the known values. */
function validRequests(op: Operation, ctx: SchemaContext): fc.Arbitrary<RequestValues> {
  const params = op.parameters.map((p) => {
    const value = validNamed(p.name, p.schema ?? {}, ctx);
    return (p.required ? value : fc.option(value, { nil: undefined })).map((v) => ({ p, v }));
  });
  const body = op.body ? validFor(op.body, ctx) : fc.constant(undefined);
  return fc.tuple(fc.tuple(...params), body).map(([values, b]) => {
    const request: RequestValues = { params: {}, query: {}, headers: {}, body: b };
    for (const { p, v } of values) {
      if (v === undefined) continue;
      if (p.in === 'path') request.params[p.name] = v;
      else if (p.in === 'query') request.query[p.name] = v;
      else if (p.in === 'header') request.headers[p.name] = v;
    }
    return request;
  });
}

/** The wire form of a request: path parameters and query %-encoded, headers made sendable, the body as JSON. */
function toWire(op: Operation, values: RequestValues): FuzzRequest {
  let path = op.path;
  for (const [name, value] of Object.entries(values.params)) path = path.replace(`{${name}}`, encodeForUrl(wireStrings(value)[0] ?? ''));
  const query: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(values.query)) for (const s of wireStrings(value)) query.push([name, s]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(values.headers)) {
    const first = wireStrings(value)[0];
    if (first !== undefined) headers[name] = toHeaderValue(first);
  }
  return { path, query, headers, body: op.body && values.body !== undefined ? JSON.stringify(values.body) : undefined };
}

/** Requests whose path parameters are not valid %-encoded UTF-8, oversized bodies, and bodies nested without end. */
function malformedRequests(op: Operation): fc.Arbitrary<FuzzRequest>[] {
  const base = op.path.replace(/\{[^}]+\}/g, 'x');
  const kinds: fc.Arbitrary<FuzzRequest>[] = [];
  const pathNames = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  if (pathNames.length > 0) {
    kinds.push(
      fc.tuple(fc.constantFrom(...pathNames), fc.constantFrom(...BROKEN_ENCODINGS)).map(([name, raw]) => ({
        path: op.path.replace(`{${name}}`, raw).replace(/\{[^}]+\}/g, 'x'),
        query: [],
        headers: {},
        body: op.body ? '{}' : undefined,
      })),
    );
  }
  if (op.body) {
    kinds.push(
      fc
        .integer({ min: 150_000, max: 300_000 })
        .map((size) => ({ path: base, query: [], headers: {}, body: JSON.stringify({ data: 'x'.repeat(size) }) })),
    );
    kinds.push(
      fc
        .integer({ min: 40, max: 20_000 })
        .map((depth) => ({ path: base, query: [], headers: {}, body: `{"data":${'['.repeat(depth)}${']'.repeat(depth)}}` })),
    );
  }
  if (op.parameters.some((p) => p.in === 'query')) {
    kinds.push(
      fc.array(fc.tuple(hostileString('url'), hostileString('url')), { minLength: 1, maxLength: 3 }).map((pairs) => ({
        path: base,
        query: pairs,
        headers: {},
        body: op.body ? '{}' : undefined,
      })),
    );
  }
  return kinds;
}

/** The URL of a request, query %-encoded the way a lone surrogate can only be sent. */
function urlOf(baseUrl: string, request: FuzzRequest): string {
  const query = request.query.map(([k, v]) => `${encodeForUrl(k)}=${encodeForUrl(v)}`).join('&');
  return baseUrl + request.path + (query ? `?${query}` : '');
}

/**
 * Sends one request on a connection of its own (`Connection: close`: a keep-alive socket the server closes as it idles
 * would otherwise reset a request now and then, which is no fault of the member); the status, content type and (for
 * 4xx/5xx) body of the answer, or why there was none.
 */
async function send(
  options: FuzzOptions,
  method: string,
  request: FuzzRequest,
): Promise<{ status: number; contentType: string; text: string } | { error: string }> {
  try {
    const response = await fetch(urlOf(options.baseUrl, request), {
      method: method.toUpperCase(),
      headers: {
        connection: 'close',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      body: request.body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = response.status >= 400 ? await response.text() : (await response.body?.cancel(), '');
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? String(error) };
  }
}

/** Names the tables whose digest differs. */
function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((table) => before[table] !== after[table]);
}

/**
 * Sends generated requests to every route of a member's OpenAPI document — shapes from its own schemas with hostile
 * values, wrong types, badly %-encoded path parameters, oversized and deeply nested bodies, hostile query strings — and
 * reports every 5xx, every 4xx that is not `application/problem+json`, and every refused write that changed the digest.
 */
export async function fuzzOpenApi(options: FuzzOptions): Promise<FuzzReport> {
  const runs = options.runs ?? defaultRuns();
  const seed = options.seed ?? (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31);
  const document = (await (await fetch(`${options.baseUrl}/openapi.json`)).json()) as JsonSchema;
  const operations = operationsOf(document);
  const report: FuzzReport = { seed, routes: operations.length, requests: 0, statuses: {}, failures: [] };
  let digest = options.digest ? await options.digest() : undefined;
  for (const op of operations) {
    const route = `${op.method.toUpperCase()} ${op.path}`;
    const valid = validRequests(op, { root: document, known: options.values ?? {} });
    const half = Math.max(1, Math.ceil(runs / 2));
    const kinds = [
      { arbitrary: valid.map((values) => toWire(op, values)), numRuns: half },
      ...(['hostile', 'wrong-type'] as const).map((mutation) => ({
        arbitrary: spoilOne(valid, mutation).map((values) => toWire(op, values)),
        numRuns: runs,
      })),
      ...malformedRequests(op).map((arbitrary) => ({ arbitrary, numRuns: half })),
    ];
    for (const { arbitrary, numRuns } of kinds) {
      for (const request of fc.sample(arbitrary, { numRuns, seed: seed + report.requests })) {
        const shown = `${op.method.toUpperCase()} ${urlOf('', request).slice(0, 300)} ${request.body?.slice(0, 300) ?? ''}`;
        const response = await send(options, op.method, request);
        report.requests += 1;
        if ('error' in response) {
          report.failures.push({ route, request: shown, problem: `no answer: ${response.error}` });
          continue;
        }
        report.statuses[response.status] = (report.statuses[response.status] ?? 0) + 1;
        const { text, contentType } = response;
        if (response.status >= 500) report.failures.push({ route, request: shown, problem: `${response.status} ${text.slice(0, 300)}` });
        else if (response.status >= 400 && !contentType.startsWith('application/problem+json'))
          report.failures.push({ route, request: shown, problem: `${response.status} as ${contentType || 'no content type'}` });
        if (!options.digest || !WRITES.has(op.method)) continue;
        const after = await options.digest();
        const changed = changedTables(digest ?? {}, after);
        const mustNotWrite = MUST_NOT_WRITE.has(response.status) && !options.recordedRefusals?.includes(response.status);
        if (mustNotWrite && changed.length > 0)
          report.failures.push({ route, request: shown, problem: `${response.status} but changed ${changed.join(', ')}` });
        if (mustNotWrite || !options.settle) digest = after;
        else {
          await options.settle();
          digest = await options.digest();
        }
      }
    }
  }
  return report;
}
