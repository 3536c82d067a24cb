import net from 'node:net';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { startService, type RunningService } from '../src';
import { captureLogger } from './support/capture-logger';
import { Widget, buildWidgetService } from './support/widget-service';

/** Strings no route may accept (NUL, lone surrogates), badly %-encoded paths and bodies nested without end. */
describe('hostile input', () => {
  let db: TestDatabase;
  let service: RunningService;
  const log = captureLogger('widgets');

  beforeAll(async () => {
    db = await createTestDatabase('kit_hostile');
    service = await startService(buildWidgetService({ env: { DATABASE_URL: db.url }, logger: log.logger }));
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  const widgetCount = () => service.context.dataSource.getRepository(Widget).count();

  async function call(method: string, path: string, body?: string) {
    const response = await fetch(service.url + path, {
      method,
      body,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  }

  it.each([
    ['a NUL character', '"bad\\u0000name"'],
    ['a lone high surrogate', '"bad\\ud800name"'],
    ['a lone low surrogate', '"\\udfff"'],
  ])('when a body string holds %s, then 400 names the field and nothing is written', async (_what, name) => {
    const response = await call('POST', '/api/v1/widgets', `{"name": ${name}, "qty": 1}`);
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json; charset=utf-8');
    expect(response.json).toMatchObject({ type: 'https://erp.example/problems/validation' });
    expect(response.json?.errors).toEqual([{ field: 'name', message: expect.stringMatching(/NUL|well-formed/), in: 'body' }]);
    expect(await widgetCount()).toBe(0);
  });

  it('when a string deep in a body, or an object key, holds NUL or a lone surrogate, then 400 names each path', async () => {
    const response = await call('POST', '/api/v1/echo', '{"data": {"list": ["ok", "x\\u0000"], "k\\ud83d": 1}}');
    expect(response.status).toBe(400);
    expect(response.json?.errors).toEqual(
      expect.arrayContaining([
        { field: 'data.list.1', message: expect.stringContaining('NUL'), in: 'body' },
        { field: 'data.k\ud83d', message: expect.stringContaining('well-formed'), in: 'body' },
      ]),
    );
  });

  it('when a well-formed string with astral characters is sent, then it is accepted unchanged', async () => {
    const response = await call('POST', '/api/v1/echo', JSON.stringify({ data: 'emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢' }));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: 'emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢' });
  });

  it('when a path parameter decodes to NUL, then 400 names it as a params field', async () => {
    const response = await call('GET', '/api/v1/echo/a%00b');
    expect(response.status).toBe(400);
    expect(response.json?.errors).toEqual([{ field: 'text', message: expect.stringContaining('NUL'), in: 'params' }]);
  });

  it('when a query parameter holds NUL, then 400 names it as a query field', async () => {
    const response = await call('GET', '/api/v1/echo/fine?q=%00');
    expect(response.status).toBe(400);
    expect(response.json?.errors).toEqual([{ field: 'q', message: expect.stringContaining('NUL'), in: 'query' }]);
  });

  it.each(['%E0%A4%A', '%ED%A0%80', '%', '%zz'])(
    'when a path parameter is badly %%-encoded (%s), then 400 problem+json, not 500',
    async (segment) => {
      const response = await call('GET', `/api/v1/echo/${segment}`);
      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/problem+json; charset=utf-8');
      expect(response.json).toMatchObject({ type: 'https://erp.example/problems/invalid-path-encoding', status: 400 });
      expect(log.lines().filter((line) => Number(line.level) >= 50)).toEqual([]);
    },
  );

  it('when a body is nested deeper than any document needs, then 400 names the root, not a crash', async () => {
    const depth = 40_000;
    const response = await call('POST', '/api/v1/echo', `{"data": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
    expect(response.status).toBe(400);
    expect(response.json?.errors).toEqual([
      { field: expect.stringMatching(/^data(\.0)+$/), message: expect.stringContaining('nested'), in: 'body' },
    ]);
  });

  it('when a body is nested a few levels, then it is accepted', async () => {
    const response = await call('POST', '/api/v1/echo', JSON.stringify({ data: { a: [{ b: [[1, { c: 'd' }]] }] } }));
    expect(response.status).toBe(200);
  });

  it('when the URL is longer than Node accepts, then 431 problem+json (Node alone would answer with no body)', async () => {
    const response = await call('GET', `/api/v1/echo/fine?q=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(response.contentType).toBe('application/problem+json; charset=utf-8');
    expect(response.json).toMatchObject({ type: 'https://erp.example/problems/request-header-fields-too-large', status: 431 });
  });

  it('when the request is not HTTP at all, then 400 problem+json and the connection is closed', async () => {
    const socket = net.connect(service.port, '127.0.0.1');
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write('HELLO \u0000 THERE\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain('content-type: application/problem+json; charset=utf-8');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      type: 'https://erp.example/problems/bad-request',
      status: 400,
    });
  });
});
