import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpProber } from '../src/probing/http-prober';

/** A target answering /health with whichever checks fail. */
async function reportServer(): Promise<{ url: string; failing: (checks: Record<string, string>) => void; close: () => Promise<void> }> {
  let failing: Record<string, string> = {};
  const server = http.createServer((_req, res) => {
    const time = new Date().toISOString();
    const checks = Object.fromEntries(
      Object.entries(failing).map(([name, componentType]) => [name, [{ componentType, status: 'fail', time }]]),
    );
    const status = Object.keys(failing).length ? 'fail' : 'pass';
    res.writeHead(status === 'fail' ? 503 : 200, { 'content-type': 'application/health+json' }).end(JSON.stringify({ status, checks }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
    failing: (next) => (failing = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('what a failed poll means (liveness, readiness, degradation)', () => {
  const prober = new HttpProber();
  afterAll(() => prober.close());

  test('when a report fails only on http:errorRate and http:responseTime, then the poll is ok (degradation: DEGRADED at most, never DOWN); a datastore makes it readiness; a blocked event loop liveness', async () => {
    const target = await reportServer();
    const poll = () => prober.probe({ name: 'catalog', url: target.url, kind: 'health', timeoutMs: 2000 });
    try {
      target.failing({ 'http:errorRate': 'component', 'http:responseTime': 'component' });
      expect(await poll()).toMatchObject({ ok: true, failure: null, status: 'fail', error: null });

      target.failing({ 'http:errorRate': 'component', 'postgres:responseTime': 'datastore' });
      expect(await poll()).toMatchObject({ ok: false, failure: 'readiness', error: 'reports fail: http:errorRate, postgres:responseTime' });

      target.failing({ 'eventloop:delay': 'system', 'postgres:responseTime': 'datastore' });
      expect(await poll()).toMatchObject({ ok: false, failure: 'liveness' });
    } finally {
      await target.close();
    }
  });

  test('when a target does not answer, then the poll failed on liveness', async () => {
    const target = await reportServer();
    const { url } = target;
    await target.close();
    expect(await prober.probe({ name: 'gone', url, kind: 'health', timeoutMs: 1000 })).toMatchObject({ ok: false, failure: 'liveness' });
  });
});
