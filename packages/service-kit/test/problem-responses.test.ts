import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { startService, type RunningService } from '../src';
import { captureLogger } from './support/capture-logger';
import { Widget, buildWidgetService } from './support/widget-service';

describe('problem+json responses', () => {
  let db: TestDatabase;
  let service: RunningService;
  const log = captureLogger('widgets');

  beforeAll(async () => {
    db = await createTestDatabase('kit_problems');
    service = await startService(buildWidgetService({ env: { DATABASE_URL: db.url, BODY_LIMIT: '1kb' }, logger: log.logger }));
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  const widgetCount = () => service.context.dataSource.getRepository(Widget).count();

  async function call(method: string, path: string, init: { body?: string; json?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(service.url + path, { method, headers, body });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  }

  it('when the body has wrong types, missing and unknown fields, then 400 lists each field and nothing is written', async () => {
    const response = await call('POST', '/api/v1/widgets', { json: { qty: 'three', colour: 'red' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.json).toMatchObject({ type: 'https://erp.example/problems/validation', status: 400, instance: '/api/v1/widgets' });
    const errors = response.json?.errors as Array<{ field: string; message: string; in: string }>;
    expect(errors.map((e) => e.field).sort()).toEqual(['colour', 'name', 'qty']);
    expect(errors.find((e) => e.field === 'name')?.message).toBe('is required');
    expect(errors.find((e) => e.field === 'colour')?.message).toBe('unknown field');
    expect(errors.every((e) => e.in === 'body')).toBe(true);
    expect(await widgetCount()).toBe(0);
  });

  it('when a string is far too long, then 400 names that field', async () => {
    const response = await call('POST', '/api/v1/widgets', { json: { name: 'x'.repeat(500), qty: 1 } });
    expect(response.status).toBe(400);
    expect(response.json?.errors).toEqual([{ field: 'name', message: expect.stringContaining('50'), in: 'body' }]);
  });

  it('when the body is not valid JSON, then 400 invalid-json', async () => {
    const response = await call('POST', '/api/v1/widgets', { body: '{"name": "a",', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ type: 'https://erp.example/problems/invalid-json', status: 400 });
  });

  it('when the body is JSON but not an object, then 400 validation names the root', async () => {
    const response = await call('POST', '/api/v1/widgets', { json: [1, 2] });
    expect(response.status).toBe(400);
    expect(response.json?.errors).toEqual([expect.objectContaining({ field: '(root)' })]);
  });

  it('when the body is larger than BODY_LIMIT, then 413', async () => {
    const response = await call('POST', '/api/v1/widgets', { json: { name: 'x'.repeat(2048), qty: 1 } });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ type: 'https://erp.example/problems/payload-too-large', status: 413 });
    expect(await widgetCount()).toBe(0);
  });

  it('when the content type is not JSON, then 415', async () => {
    const response = await call('POST', '/api/v1/widgets', {
      body: 'name=a&qty=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.json).toMatchObject({ type: 'https://erp.example/problems/unsupported-media-type', status: 415 });
  });

  it('when a body route gets no body at all, then 400 says the body is required', async () => {
    const response = await call('POST', '/api/v1/widgets');
    expect(response.status).toBe(400);
    expect(response.json?.errors).toEqual([{ field: '(root)', message: 'is required', in: 'body' }]);
  });

  it('when the body is valid, then 201 with the record, and it is stored', async () => {
    const response = await call('POST', '/api/v1/widgets', { json: { name: 'sprocket', qty: 3 } });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('location')).toBe(`/api/v1/widgets/${String(response.json?.id)}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const fetched = await call('GET', `/api/v1/widgets/${String(response.json?.id)}`);
    expect(fetched.json).toEqual({ id: response.json?.id, name: 'sprocket', qty: 3 });
  });

  it('when a handler returns cached RawJson, then its text is the JSON body', async () => {
    const created = await call('POST', '/api/v1/widgets', { json: { name: 'cog', qty: 1 } });
    const id = String(created.json?.id);
    for (let i = 0; i < 2; i += 1) {
      const response = await call('GET', `/api/v1/widgets-raw/${id}`);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.json).toEqual({ id, name: 'cog', qty: 1 });
    }
    expect((await call('GET', '/api/v1/widgets-raw/6b1d3c57-7f0e-4a47-9d3e-2f7f4a8b9c10')).status).toBe(404);
  });

  it('when a path parameter is malformed, then 400 names it as a params field', async () => {
    const response = await call('GET', '/api/v1/widgets/not-a-uuid');
    expect(response.status).toBe(400);
    expect(response.json?.errors).toEqual([expect.objectContaining({ field: 'id', in: 'params' })]);
  });

  it('when the query has an unknown parameter, then 400 names it', async () => {
    const response = await call('GET', '/api/v1/widgets/6b1d3c57-7f0e-4a47-9d3e-2f7f4a8b9c10?colour=red');
    expect(response.status).toBe(400);
    expect(response.json?.errors).toEqual([{ field: 'colour', message: 'unknown field', in: 'query' }]);
  });

  it('when the id is unknown, then 404 names the resource', async () => {
    const response = await call('GET', '/api/v1/widgets/6b1d3c57-7f0e-4a47-9d3e-2f7f4a8b9c10');
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({
      type: 'https://erp.example/problems/not-found',
      status: 404,
      detail: expect.stringContaining('6b1d3c57'),
    });
  });

  it('when no route matches, then 404 problem+json', async () => {
    const response = await call('DELETE', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.json).toMatchObject({
      type: 'https://erp.example/problems/not-found',
      detail: 'No route for DELETE /api/v1/nothing-here',
    });
  });

  it('when a handler throws, then 500 without detail or stack, logged once with the request id', async () => {
    const response = await call('GET', '/api/v1/boom', { headers: { 'x-request-id': 'boom-request-1' } });
    expect(response.status).toBe(500);
    expect(response.json).toEqual({
      type: 'https://erp.example/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      instance: '/api/v1/boom',
    });
    expect(response.text).not.toMatch(/secret|hunter2|at .*\.ts/);
    const errorLines = log.lines().filter((line) => line.level === 50);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatchObject({ reqId: 'boom-request-1', msg: 'unhandled error' });
    expect(String((errorLines[0]?.err as { stack?: string }).stack)).toContain('secret internals');
  });

  it('when GET /openapi.json, then the document describes the routes from the same schemas', async () => {
    const response = await call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ openapi: '3.1.0', info: { title: 'widgets', version: '1.2.3' } });
    const paths = response.json?.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/widgets', '/api/v1/widgets/{id}']));
    expect(paths['/api/v1/widgets']?.post).toMatchObject({ summary: 'Create a widget', requestBody: { required: true } });
  });
});
