import { z } from 'zod';
import type { ApiRouter, RegisteredRoute, ResponseSpec } from './api-router';

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiOptions {
  title: string;
  version: string;
  description?: string;
  routers: ApiRouter[];
  /** e.g. `[{ url: 'http://127.0.0.1:8001' }]`. */
  servers?: Array<{ url: string; description?: string }>;
}

type JsonSchema = Record<string, unknown>;

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'validation errors, one per invalid field',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string' },
          message: { type: 'string' },
          in: { type: 'string', enum: ['body', 'query', 'params', 'headers'] },
        },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status'],
};
const problemRef = { $ref: '#/components/schemas/Problem' };

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema, for request (`input`) or response (`output`) side. */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** OpenAPI parameters for one object schema's keys, found `location`. */
function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query' | 'header'): JsonSchema[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: location,
    required: location === 'path' || !field.safeParse(undefined).success,
    ...(field.description ? { description: field.description } : {}),
    schema: toSchema(field, 'input'),
  }));
}

function responseOf(status: string, spec: ResponseSpec): JsonSchema {
  const plain = spec === null || spec === 'problem' || spec instanceof z.ZodType;
  const description = plain ? defaultDescription(status) : spec.description;
  const body = plain ? spec : spec.schema;
  if (body === null || body === undefined) return { description };
  if (body === 'problem') return { description, content: { 'application/problem+json': { schema: problemRef } } };
  return { description, content: { 'application/json': { schema: toSchema(body, 'output') } } };
}

function defaultDescription(status: string): string {
  const descriptions: Record<string, string> = {
    '200': 'OK',
    '201': 'Created',
    '202': 'Accepted',
    '204': 'No Content',
    '400': 'Invalid input',
    '401': 'Unauthorized',
    '403': 'Forbidden',
    '404': 'Not found',
    '409': 'Conflict',
    '413': 'Body too large',
    '415': 'Wrong content type',
    '422': 'Rule violated',
    '503': 'Unavailable',
  };
  return descriptions[status] ?? `HTTP ${status}`;
}

function operationOf(route: RegisteredRoute): JsonSchema {
  const { spec } = route;
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(spec.responses)) responses[status] = responseOf(status, response);
  if (spec.body || spec.query || spec.params) responses['400'] ??= responseOf('400', 'problem');
  if (spec.body) {
    responses['413'] ??= responseOf('413', 'problem');
    responses['415'] ??= responseOf('415', 'problem');
  }
  const roles = spec.auth !== 'public' ? spec.auth.roles : undefined;
  if (roles) {
    responses['401'] ??= responseOf('401', 'problem');
    responses['403'] ??= responseOf('403', 'problem');
  }
  const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query'), ...parametersOf(spec.headers, 'header')];
  return {
    ...(spec.operationId ? { operationId: spec.operationId } : {}),
    ...(spec.summary ? { summary: spec.summary } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    ...(spec.deprecated ? { deprecated: true } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(roles ? { security: [{ bearerAuth: [] }], 'x-roles': roles } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: !spec.body.safeParse(undefined).success,
            content: { 'application/json': { schema: toSchema(spec.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

/** An OpenAPI 3.1 document for every route of `routers`, built from the same zod schemas that validate requests. */
export function buildOpenApiDocument(options: OpenApiOptions): Record<string, unknown> {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const router of options.routers) {
    for (const route of router.routes) {
      const item = (paths[route.path] ??= {});
      item[route.spec.method] = operationOf(route);
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, ...(options.description ? { description: options.description } : {}) },
    ...(options.servers ? { servers: options.servers } : {}),
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'access token from hr (POST /api/v1/auth/login or /api/v1/auth/service-token)',
        },
      },
    },
  };
}
