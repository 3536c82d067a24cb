import { z } from 'zod';
import { ApiRouter, buildOpenApiDocument } from '../src';

describe('buildOpenApiDocument', () => {
  const Product = z.object({ id: z.uuid(), sku: z.string(), priceCents: z.number().int() });
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'patch',
      path: '/products/{id}',
      auth: 'public',
      summary: 'Update a product',
      tags: ['products'],
      operationId: 'updateProduct',
      params: z.object({ id: z.uuid().describe('product id') }),
      query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      headers: z.object({ 'if-match': z.string() }),
      body: z.object({ priceCents: z.number().int().min(0) }),
      responses: { 200: Product, 404: 'problem', 204: null, 409: { description: 'Price changed meanwhile', schema: 'problem' } },
    },
    async () => ({ status: 204 }),
  );
  const doc = buildOpenApiDocument({ title: 'catalog', version: '0.1.0', routers: [api] }) as {
    openapi: string;
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: { schemas: Record<string, unknown> };
  };
  const operation = doc.paths['/api/v1/products/{id}']?.patch as Record<string, unknown>;

  it('when built, then it is OpenAPI 3.1 with the path in OpenAPI form', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(operation).toMatchObject({ operationId: 'updateProduct', summary: 'Update a product', tags: ['products'] });
  });

  it('when a route has params, query and headers, then each becomes a parameter with its schema', () => {
    expect(operation.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        description: 'product id',
        schema: expect.objectContaining({ type: 'string', format: 'uuid' }),
      },
      { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
      { name: 'if-match', in: 'header', required: true, schema: { type: 'string' } },
    ]);
  });

  it('when a route has a body, then the request schema is strict and 400/413/415 are documented', () => {
    expect(operation.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { priceCents: expect.objectContaining({ type: 'integer', minimum: 0 }) },
            required: ['priceCents'],
            additionalProperties: false,
          },
        },
      },
    });
    const responses = operation.responses as Record<string, { description: string; content?: Record<string, unknown> }>;
    expect(Object.keys(responses).sort()).toEqual(['200', '204', '400', '404', '409', '413', '415']);
    expect(responses['409']).toEqual({
      description: 'Price changed meanwhile',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(responses['204']).toEqual({ description: 'No Content' });
    expect(doc.components.schemas.Problem).toBeDefined();
  });
});
