import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { p99RatioAtMost, throughputAtLeast } from '../src/goals';
import { measureTarget, mergeRounds } from '../src/measure';
import { loadScenario, scenarioNames } from '../src/registry';
import type { Measurement } from '../src/scenario';
import { startServerProcess } from '../src/server-process';

function measurement(overrides: Partial<Measurement>): Measurement {
  return {
    label: 'm',
    url: 'http://x',
    connections: 50,
    durationSeconds: 1,
    requests: 1000,
    requestsPerSec: 1000,
    p50Ms: 1,
    p90Ms: 1,
    p99Ms: 1,
    maxMs: 1,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    ...overrides,
  };
}

describe('registry', () => {
  test('when every registered scenario is loaded, then each is a scenario under its own name', () => {
    for (const name of scenarioNames()) {
      const scenario = loadScenario(name);
      expect(scenario.name).toBe(name);
      expect(typeof scenario.run).toBe('function');
      expect(typeof scenario.servers).toBe('object');
    }
  });

  test('when a scenario name is unknown, then loading it fails naming the known ones', () => {
    expect(() => loadScenario('nope')).toThrow(/unknown scenario "nope"; known: catalog/);
  });
});

describe('goals', () => {
  const baseline = measurement({ label: 'bare Express 5', requestsPerSec: 1000 });

  test('when throughput is at or above the ratio, then the goal passes, and below it fails', () => {
    expect(throughputAtLeast('read', measurement({ requestsPerSec: 900 }), baseline, 0.9).pass).toBe(true);
    expect(throughputAtLeast('read', measurement({ requestsPerSec: 899 }), baseline, 0.9)).toMatchObject({
      pass: false,
      actual: '0.90 ×',
      expected: '≥ 0.90 × bare Express 5',
    });
  });

  test('when a measurement saw non-2xx answers or errors, then no goal can pass', () => {
    expect(throughputAtLeast('read', measurement({ requestsPerSec: 5000, non2xx: 1 }), baseline, 0.9).pass).toBe(false);
    const node = measurement({ label: 'bare node:http', p99Ms: 2 });
    expect(p99RatioAtMost('health', measurement({ p99Ms: 0.5, errors: 3 }), node, 1.2).pass).toBe(false);
    expect(
      p99RatioAtMost('health', measurement({ p99Ms: 0.5 }), measurement({ label: 'bare node:http', p99Ms: 2, timeouts: 1 }), 1.2).pass,
    ).toBe(false);
  });

  test('when /health is compared with bare node:http, then the goal is the ratio of the p99s, passing up to the limit', () => {
    const node = measurement({ label: 'bare node:http', p99Ms: 2 });
    expect(p99RatioAtMost('health', measurement({ p99Ms: 2.4 }), node, 1.2)).toMatchObject({
      pass: true,
      value: 1.2,
      expected: 'p99 ≤ 1.20 × bare node:http',
      better: 'lower',
    });
    expect(p99RatioAtMost('health', measurement({ p99Ms: 2.5 }), node, 1.2)).toMatchObject({ pass: false, value: 1.25 });
  });
});

describe('rounds', () => {
  test('when rounds are merged, then rates and percentiles are medians, counts are sums and max is the max', () => {
    const merged = mergeRounds([
      measurement({ requestsPerSec: 900, p99Ms: 3, maxMs: 9, requests: 9000, non2xx: 1 }),
      measurement({ requestsPerSec: 1500, p99Ms: 1, maxMs: 4, requests: 15000 }),
      measurement({ requestsPerSec: 1000, p99Ms: 2, maxMs: 5, requests: 10000 }),
    ]);
    expect(merged).toMatchObject({ requestsPerSec: 1000, p99Ms: 2, maxMs: 9, requests: 34000, non2xx: 1, rounds: 3, durationSeconds: 3 });
  });
});

describe('measuring', () => {
  test('when a target answers 2xx, then autocannon counts its requests and latencies are ordered', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const result = await measureTarget({ label: 'tiny', url }, { connections: 2, durationSeconds: 1, warmupSeconds: 0 });
      expect(result.requests).toBeGreaterThan(0);
      expect(result.non2xx + result.errors).toBe(0);
      expect(result.p50Ms).toBeLessThanOrEqual(result.p99Ms);
      expect(result.p99Ms).toBeLessThanOrEqual(result.maxMs);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('when a target does not answer 2xx, then measuring refuses to start', async () => {
    const server = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await expect(measureTarget({ label: 'missing', url }, { connections: 1, durationSeconds: 1, warmupSeconds: 0 })).rejects.toThrow(
        /answered 404/,
      );
    } finally {
      server.close();
    }
  });
});

describe('server child processes', () => {
  test('when a scenario server starts in a child, then it answers from another process and stops when asked', async () => {
    const handle = await startServerProcess('catalog', 'bare-node', { body: '{"hello":"bench"}' });
    try {
      expect(handle.pid).not.toBe(process.pid);
      const response = await fetch(`${handle.url}/anything`);
      expect(await response.json()).toEqual({ hello: 'bench' });
    } finally {
      await handle.stop();
    }
    await expect(fetch(`${handle.url}/anything`)).rejects.toThrow();
  });
});
