import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { startService, type RunningService } from '../src';
import { startFakeUpstream, type FakeUpstream } from './support/fake-upstream';
import { buildWidgetService } from './support/widget-service';

describe('request ids', () => {
  let db: TestDatabase;
  let peer: FakeUpstream;
  let service: RunningService;

  beforeAll(async () => {
    db = await createTestDatabase('kit_request_id');
    peer = await startFakeUpstream();
    peer.behave((req) => ({ status: 200, body: { seenRequestId: req.headers['x-request-id'] ?? null } }));
    service = await startService(buildWidgetService({ env: { DATABASE_URL: db.url }, downstream: { peer: peer.url } }));
  });

  afterAll(async () => {
    await service?.stop();
    await peer?.close();
    await db?.drop();
  });

  it('when a request carries x-request-id, then the response and the outgoing call carry the same id', async () => {
    const response = await fetch(`${service.url}/api/v1/peer`, { headers: { 'x-request-id': 'order-7f3a:attempt-1' } });
    expect(response.headers.get('x-request-id')).toBe('order-7f3a:attempt-1');
    expect(await response.json()).toEqual({ seenRequestId: 'order-7f3a:attempt-1' });
  });

  it('when a request has no id, then a uuid is made, echoed and forwarded', async () => {
    const response = await fetch(`${service.url}/api/v1/peer`);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await response.json()).toEqual({ seenRequestId: id });
  });

  it('when the incoming id is malformed, then it is replaced by a fresh uuid', async () => {
    const response = await fetch(`${service.url}/api/v1/peer`, { headers: { 'x-request-id': `evil id\twith tab ${'x'.repeat(200)}` } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ seenRequestId: id });
  });

  it('when the service has a downstream, then /health reports a non-required check for it', async () => {
    const body = (await (await fetch(`${service.url}/health`)).json()) as { checks: Record<string, Array<{ componentId?: string }>> };
    expect(body.checks['peer:responseTime']?.[0]?.componentId).toBe(peer.url);
  });

  it('when a downstream is declared with client options, then its client uses them (no retries here)', async () => {
    const strict = await startService(
      buildWidgetService({ env: { DATABASE_URL: db.url }, downstream: { peer: { url: peer.url, retries: 0, timeoutMs: 1000 } } }),
    );
    try {
      peer.behave(() => ({ status: 503, body: {} }));
      const before = peer.requests.filter((r) => r.url === '/seen').length;
      const response = await fetch(`${strict.url}/api/v1/peer`);
      expect(response.status).toBeGreaterThanOrEqual(500);
      expect(peer.requests.filter((r) => r.url === '/seen').length - before).toBe(1);
      const retried = peer.requests.filter((r) => r.url === '/seen').length;
      await fetch(`${service.url}/api/v1/peer`);
      expect(peer.requests.filter((r) => r.url === '/seen').length - retried).toBe(3);
    } finally {
      await strict.stop();
    }
  });
});
