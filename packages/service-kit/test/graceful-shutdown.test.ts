import { createTestDatabase, waitFor, type TestDatabase } from '@erp/testing';
import { startService, type RunningService } from '../src';
import { Gate, buildWidgetService } from './support/widget-service';

describe('graceful shutdown', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('kit_shutdown');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('when stopping with a request in flight, then readiness turns 503 first, the request completes, then the server closes', async () => {
    const gate = new Gate();
    const service: RunningService = await startService(
      buildWidgetService({ env: { DATABASE_URL: db.url, SHUTDOWN_DELAY_MS: '3000', SHUTDOWN_TIMEOUT_MS: '10000' }, gate }),
    );
    await waitFor(async () => (await fetch(`${service.url}/health/ready`)).status === 200, {
      message: 'the first required checks to pass',
    });

    const slow = fetch(`${service.url}/api/v1/slow`);
    await waitFor(() => gate.entered === 1, { message: 'the slow request to be in flight' });
    let stopped = false;
    const stopping = service.stop().then(() => (stopped = true));

    await waitFor(async () => (await fetch(`${service.url}/health/ready`)).status === 503, { message: 'readiness to fail' });
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    expect(stopped).toBe(false);

    gate.open();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });

    await stopping;
    expect(service.server.listening).toBe(false);
    await expect(fetch(`${service.url}/health/live`)).rejects.toThrow();
    await expect(service.context.dataSource.query('SELECT 1')).rejects.toThrow();
  });

  it('when an in-flight request outlives SHUTDOWN_TIMEOUT_MS, then its connection is cut and stop still resolves', async () => {
    const gate = new Gate();
    const service = await startService(buildWidgetService({ env: { DATABASE_URL: db.url, SHUTDOWN_TIMEOUT_MS: '300' }, gate }));
    const slow = fetch(`${service.url}/api/v1/slow`).then(
      (r) => r.status,
      () => 'connection closed',
    );
    await waitFor(() => gate.entered === 1, { message: 'the slow request to be in flight' });
    await service.stop();
    expect(await slow).toBe('connection closed');
    expect(service.server.listening).toBe(false);
    gate.open();
  });

  it('when stop is called twice, then both calls resolve with one shutdown that stops the jobs once', async () => {
    const events: string[] = [];
    const service = await startService(buildWidgetService({ env: { DATABASE_URL: db.url }, events }));
    const first = service.stop();
    expect(service.stop()).toBe(first);
    await first;
    expect(events).toEqual(['seed saw 0 widgets', 'job started', 'job stopped']);
  });
});
