import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@erp/testing';
import { ServiceUnavailableError } from '@erp/errors';
import { createHttpClient, createLogger, runWithRequestId, type HttpClient, type HttpClientOptions } from '../src';
import { startFakeUpstream, type FakeUpstream } from './support/fake-upstream';

const logger = createLogger({ name: 'http-client-test', level: 'silent' });
const execFileAsync = promisify(execFile);

describe('createHttpClient', () => {
  let upstream: FakeUpstream;
  const clients: HttpClient[] = [];

  const client = (options: Partial<HttpClientOptions> = {}) => {
    const created = createHttpClient({ name: 'inventory', baseURL: upstream.url, logger, backoffMs: 10, timeoutMs: 1000, ...options });
    clients.push(created);
    return created;
  };

  beforeEach(async () => {
    upstream = await startFakeUpstream();
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await upstream.close();
  });

  it('when a GET fails with 503 twice, then it is retried and the third answer is returned', async () => {
    upstream.behave((_req, i) => (i < 2 ? { status: 503 } : { status: 200, body: { onHand: 5 } }));
    const response = await client({ retries: 2 }).get('/api/v1/stock/A');
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ onHand: 5 });
    expect(upstream.requests).toHaveLength(3);
  });

  it('when a POST fails with 503, then it is not retried and a 503 problem names the dependency', async () => {
    upstream.behave(() => ({ status: 503 }));
    const error = await client({ retries: 2 })
      .post('/api/v1/reservations', { orderId: 'o1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).extra).toMatchObject({ dependency: 'inventory', upstreamStatus: 503 });
    expect(upstream.requests).toHaveLength(1);
  });

  it('when a POST carries an Idempotency-Key, then it is retried like a GET', async () => {
    upstream.behave((_req, i) => (i === 0 ? { status: 502 } : { status: 201, body: { id: 'r1' } }));
    const response = await client().post('/api/v1/reservations', { orderId: 'o1' }, { headers: { 'Idempotency-Key': 'k-1' } });
    expect(response.status).toBe(201);
    expect(upstream.requests.map((r) => r.headers['idempotency-key'])).toEqual(['k-1', 'k-1']);
  });

  it('when the answer is a 4xx, then it is returned as is and not retried', async () => {
    upstream.behave(() => ({ status: 409, body: { type: 'https://erp.example/problems/insufficient-stock' } }));
    const response = await client().get('/api/v1/stock/A');
    expect(response.status).toBe(409);
    expect(response.data).toEqual({ type: 'https://erp.example/problems/insufficient-stock' });
    expect(upstream.requests).toHaveLength(1);
  });

  it('when the first try hangs past the per-try timeout, then the retry answers', async () => {
    upstream.behave((_req, i) => (i === 0 ? 'hang' : { status: 200, body: { ok: true } }));
    const response = await client({ timeoutMs: 200, retries: 1 }).get('/slow');
    expect(response.data).toEqual({ ok: true });
    expect(upstream.requests).toHaveLength(2);
  });

  it('when nothing listens, then the error is a 503 saying the dependency is unreachable', async () => {
    const port = new URL(upstream.url).port;
    await upstream.close();
    const unreachable = createHttpClient({ name: 'ghost', baseURL: `http://127.0.0.1:${port}`, logger, retries: 0 });
    clients.push(unreachable);
    await expect(unreachable.get('/x')).rejects.toThrow(/ghost is unreachable/);
    upstream = await startFakeUpstream();
  });

  it('when failures reach the threshold, then the circuit opens, fails fast, half-opens and closes on success', async () => {
    upstream.behave(() => ({ status: 500 }));
    const breaking = client({ retries: 0, breaker: { failureThreshold: 3, halfOpenAfterMs: 200 } });
    for (let i = 0; i < 3; i += 1) await expect(breaking.get('/x')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(breaking.circuitState).toBe('open');
    await expect(breaking.get('/x')).rejects.toThrow(/circuit open/);
    expect(upstream.requests).toHaveLength(3);

    // Still failing when the circuit half-opens: one trial call reaches the upstream and the circuit opens again.
    await waitFor(async () => (await breaking.get('/x').catch((e: Error) => e.message)) !== 'inventory is unavailable (circuit open)', {
      intervalMs: 20,
      message: 'a trial call after halfOpenAfterMs',
    });
    expect(upstream.requests).toHaveLength(4);
    expect(breaking.circuitState).toBe('open');

    upstream.behave(() => ({ status: 200, body: { ok: true } }));
    const recovered = await waitFor(() => breaking.get('/x').catch(() => undefined), { intervalMs: 20, message: 'the circuit to close' });
    expect(recovered.data).toEqual({ ok: true });
    expect(breaking.circuitState).toBe('closed');
  });

  it('when many calls run at once, then no abort listeners pile up (no MaxListenersExceededWarning)', async () => {
    // its own process: Node reports this warning once per process, and jest's worker may have reported it already
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'support', 'concurrent-calls.ts')],
      { timeout: 30_000 },
    );
    expect(stdout).toContain('done');
    expect(stderr).not.toContain('MaxListenersExceededWarning');
  });

  it('when the caller aborts, then the call is cancelled', async () => {
    upstream.behave(() => 'hang');
    const controller = new AbortController();
    const pending = client({ retries: 0 })
      .get('/api/v1/stock/A', { signal: controller.signal })
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('when called inside a request context, then x-request-id is forwarded unless set by the caller', async () => {
    const c = client();
    await runWithRequestId('req-42', () => c.get('/a'));
    await runWithRequestId('req-42', () => c.get('/b', { headers: { 'X-Request-Id': 'explicit' } }));
    await c.get('/c');
    expect(upstream.requests.map((r) => r.headers['x-request-id'])).toEqual(['req-42', 'explicit', undefined]);
  });
});
