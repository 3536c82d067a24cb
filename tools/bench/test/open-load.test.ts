import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLoad } from '../src/open-load';

/** A server that answers after `delayMs`, counting the requests it saw and the most it served at once. */
async function slowServer(delayMs: number) {
  const seen = { requests: 0, concurrent: 0, maxConcurrent: 0, bodies: [] as string[] };
  const server = http.createServer((req, res) => {
    seen.requests += 1;
    seen.concurrent += 1;
    seen.maxConcurrent = Math.max(seen.maxConcurrent, seen.concurrent);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.bodies.push(body);
      setTimeout(() => {
        seen.concurrent -= 1;
        res.statusCode = body.includes('"bad"') ? 422 : 201;
        res.end('{}');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    seen,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('openLoad', () => {
  test('when the server keeps up, then every request is sent at the rate, answered, and counted by status', async () => {
    const server = await slowServer(5);
    const latencies: number[] = [];
    try {
      const result = await openLoad({
        url: server.url,
        method: 'POST',
        ratePerSec: 200,
        connections: 10,
        durationSeconds: 1,
        request: (n) => ({
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ n, kind: n % 10 === 0 ? 'bad' : 'ok' }),
        }),
        onResponse: (_status, ms) => latencies.push(ms),
      });
      expect(result).toMatchObject({ sent: 200, statuses: { 201: 180, 422: 20 }, errors: 0, timeouts: 0 });
      expect(server.seen.requests).toBe(200);
      expect(server.seen.bodies[0]).toBe('{"n":1,"kind":"ok"}');
      expect(server.seen.maxConcurrent).toBeLessThanOrEqual(10);
      expect(Math.min(...latencies)).toBeGreaterThanOrEqual(4); // the 5 ms answer delay (timers may round down by up to 1 ms)
    } finally {
      await server.close();
    }
  });

  test('when the server falls behind the rate, then latency counts the wait for a connection (no coordinated omission)', async () => {
    // one connection, 20 ms per answer: at most 50/s served while 100/s arrive, so the queue and the latency grow
    const server = await slowServer(20);
    const latencies: number[] = [];
    try {
      const result = await openLoad({
        url: server.url,
        method: 'GET',
        ratePerSec: 100,
        connections: 1,
        durationSeconds: 1,
        request: () => ({ headers: {} }),
        onResponse: (_status, ms) => latencies.push(ms),
      });
      expect(result.sent).toBe(100);
      expect(latencies).toHaveLength(100);
      expect(server.seen.maxConcurrent).toBe(1);
      // the last request was due at ~0.99 s and could only start after ~99 × 20 ms ≈ 2 s of answers
      expect(latencies[latencies.length - 1]!).toBeGreaterThan(900);
      expect(result.durationSeconds).toBeGreaterThan(1.9);
    } finally {
      await server.close();
    }
  });

  test('when the server does not answer in time, then the request counts as a timeout, not an error', async () => {
    const server = await slowServer(500);
    try {
      const result = await openLoad({
        url: server.url,
        method: 'GET',
        ratePerSec: 10,
        connections: 2,
        durationSeconds: 0.2,
        timeoutMs: 100,
        request: () => ({ headers: {} }),
      });
      expect(result).toMatchObject({ sent: 2, timeouts: 2, errors: 0, statuses: {} });
    } finally {
      await server.close();
    }
  });
});
