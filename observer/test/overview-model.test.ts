import type { ProbeResult } from '../src/model/target-types';
import { WatchdogStates, type ReportedEvent } from '../src/model/watchdog-states';
import { percentile } from '../src/storage/history-types';
import { HEARTBEATS_KEPT, heartbeatOf, MemoryHistory, selectKth } from '../src/storage/memory-history';

const T0 = Date.parse('2026-12-02T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const watchdog = (kind: string, at: number, data: Record<string, unknown> = {}): ReportedEvent => ({
  source: 'watchdog',
  kind,
  target: 'orders',
  at: iso(at),
  message: `${kind} orders`,
  data: { dryRun: false, ...data },
});

describe("the watchdog's state per target, derived from its events", () => {
  test('restarts count for 24 h, dry-run ones not at all; a backoff shows until it ends', () => {
    const states = new WatchdogStates();
    states.note(watchdog('restart', T0 - 25 * 3_600_000));
    states.note(watchdog('restart', T0 - 3_600_000));
    states.note(watchdog('restart', T0 - 60_000));
    states.note(watchdog('restart', T0 - 30_000, { dryRun: true }));
    states.note(watchdog('waiting-backoff', T0 - 20_000, { until: iso(T0 + 60_000) }));
    expect(states.view('orders', T0)).toEqual({
      restarts24h: 2,
      lastRestartAt: iso(T0 - 60_000),
      backoffUntil: iso(T0 + 60_000),
      gaveUp: false,
      gaveUpAt: null,
      lastEvent: { kind: 'waiting-backoff', at: iso(T0 - 20_000), message: 'waiting-backoff orders' },
    });
    expect(states.view('orders', T0 + 61_000)?.backoffUntil).toBeNull();
    expect(states.view('orders', T0 + 23.5 * 3_600_000)?.restarts24h).toBe(1);
  });

  test('gave up stays until a later cleared; events of other sources, of the watchdog itself and of other targets are not counted', () => {
    const states = new WatchdogStates();
    // Restored newest first, as the event log lists them.
    states.restore([watchdog('cleared', T0 - 1_000), watchdog('gave-up', T0 - 5_000), watchdog('restart', T0 - 10_000)]);
    expect(states.view('orders', T0)).toMatchObject({ gaveUp: false, restarts24h: 1, lastEvent: { kind: 'cleared' } });
    states.note(watchdog('gave-up', T0));
    expect(states.view('orders', T0 + 1)).toMatchObject({ gaveUp: true, gaveUpAt: iso(T0), backoffUntil: null });
    states.note({ ...watchdog('restart', T0), source: 'deploy-bot' });
    states.note({ ...watchdog('restart', T0), target: '*' });
    expect(states.view('orders', T0 + 1)?.restarts24h).toBe(1);
    expect(states.view('catalog', T0)).toBeNull();
  });
});

describe('heartbeats in memory', () => {
  const poll = (at: number, over: Partial<ProbeResult> = {}): ProbeResult => ({
    target: 'orders',
    at,
    ok: true,
    failure: null,
    latencyMs: 3.14159,
    httpStatus: 200,
    status: 'pass',
    error: null,
    checks: [],
    ...over,
  });

  test('a poll is fail with its error (or failing checks), degraded with its breaches, else ok', () => {
    expect(heartbeatOf(poll(T0, { ok: false, failure: 'liveness', error: 'timeout after 2000 ms' }), [])).toEqual({
      at: T0,
      outcome: 'fail',
      latencyMs: 3.1,
      reason: 'timeout after 2000 ms',
    });
    const failing = poll(T0, {
      ok: false,
      failure: 'readiness',
      checks: [{ name: 'postgres:responseTime', componentType: 'datastore', componentId: null, value: 9, unit: 'ms', status: 'fail' }],
    });
    expect(heartbeatOf(failing, []).reason).toBe('failing: postgres:responseTime');
    expect(heartbeatOf(poll(T0), ['CPU 95% > 90%'])).toMatchObject({ outcome: 'degraded', reason: 'CPU 95% > 90%' });
    expect(heartbeatOf(poll(T0), [])).toMatchObject({ outcome: 'ok', reason: null });
  });

  test('memory keeps the last polls oldest first, as objects and as columns, across the ring wrapping', () => {
    const memory = new MemoryHistory(3600);
    const total = HEARTBEATS_KEPT + 7;
    for (let i = 0; i < total; i += 1) {
      const result = poll(T0 + i * 1000, i === total - 2 ? { ok: false, failure: 'liveness', error: 'HTTP 503' } : {});
      memory.record(result, heartbeatOf(result, i === total - 1 ? ['slow'] : []));
    }
    const columns = memory.recentHeartbeatColumns('orders', 5);
    expect(columns).toEqual({
      at: [T0 + (total - 5) * 1000, T0 + (total - 4) * 1000, T0 + (total - 3) * 1000, T0 + (total - 2) * 1000, T0 + (total - 1) * 1000],
      latencyMs: [3.1, 3.1, 3.1, 3.1, 3.1],
      outcome: 'ooofd',
      reasons: { 3: 'HTTP 503', 4: 'slow' },
    });
    expect(memory.recentHeartbeats('orders', 2)).toEqual([
      { at: T0 + (total - 2) * 1000, outcome: 'fail', latencyMs: 3.1, reason: 'HTTP 503' },
      { at: T0 + (total - 1) * 1000, outcome: 'degraded', latencyMs: 3.1, reason: 'slow' },
    ]);
    expect(memory.recentHeartbeatColumns('orders', 1_000).at).toHaveLength(HEARTBEATS_KEPT);
    expect(memory.recentHeartbeatColumns('nobody', 5)).toEqual({ at: [], latencyMs: [], outcome: '', reasons: {} });
  });

  test('the p95 over a window is the nearest-rank percentile of the polls in it', () => {
    for (let trial = 0; trial < 300; trial += 1) {
      const n = 1 + Math.floor(Math.random() * 400);
      const values = Float32Array.from({ length: n }, () => Math.round(Math.random() * 50));
      const sorted = [...values].sort((a, b) => a - b);
      expect(selectKth(values, n, Math.min(n - 1, Math.max(0, Math.ceil(0.95 * n) - 1)))).toBe(percentile(sorted, 95));
    }
    const memory = new MemoryHistory(3600);
    for (let i = 1; i <= 100; i += 1) memory.record(poll(T0 - (100 - i) * 1000, { latencyMs: i }));
    expect(memory.latencyP95('orders', 3_600_000, T0)).toBe(95);
    expect(memory.latencyP95('orders', 9_500, T0 + 1)).toBe(100);
    expect(memory.latencyP95('nobody', 3_600_000, T0)).toBeNull();
  });
});
