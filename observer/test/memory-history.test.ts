import type { ProbeResult } from '../src/model/target-types';
import { MemoryHistory } from '../src/storage/memory-history';

const T0 = Date.parse('2026-12-02T12:00:00Z');

function poll(at: number, latencyMs: number, ok = true, cpu?: number): ProbeResult {
  return {
    target: 'orders',
    at,
    latencyMs,
    ok,
    failure: ok ? null : 'liveness',
    httpStatus: 200,
    status: ok ? 'pass' : 'fail',
    error: null,
    checks:
      cpu === undefined
        ? []
        : [{ name: 'cpu:utilization', componentType: 'system', componentId: null, value: cpu, unit: 'percent', status: 'pass' }],
  };
}

describe('the in-memory history keeps each sample with its exact time', () => {
  test('irregular gaps, a clock stepping back and a ring wrapping several times: raw history is the last samples, times to the millisecond', async () => {
    const memory = new MemoryHistory(50); // 50 latencies, 60 check values per target
    const kept: { at: number; latencyMs: number; ok: boolean; cpu: number }[] = [];
    let at = T0;
    for (let i = 0; i < 237; i += 1) {
      // mostly ~1 s apart with jitter, sometimes hours, once a clock stepping back
      at += i === 100 ? -1_500 : i % 40 === 39 ? 3 * 3_600_000 + 17 : 1_000 + ((i * 37) % 250);
      const sample = { at, latencyMs: (i % 17) + 0.5, ok: i % 11 !== 0, cpu: i % 90 };
      kept.push(sample);
      memory.record(poll(sample.at, sample.latencyMs, sample.ok, sample.cpu));
    }
    const all = { service: 'orders', from: 0, to: at, resolution: 'raw' as const, limit: 10_000 };
    const latencies = await memory.history({ ...all, check: null });
    expect(latencies.map((p) => [Date.parse(p.t), p.mean, p.up])).toEqual(kept.slice(-50).map((s) => [s.at, s.latencyMs, s.ok ? 1 : 0]));
    const cpu = await memory.history({ ...all, check: 'cpu:utilization' });
    expect(cpu.map((p) => [Date.parse(p.t), p.mean])).toEqual(kept.slice(-60).map((s) => [s.at, s.cpu]));
    // a window selects by those times
    const window = kept.slice(-50).filter((s) => s.at >= kept[200]!.at && s.at <= kept[220]!.at);
    const inWindow = await memory.history({ ...all, check: null, from: kept[200]!.at, to: kept[220]!.at });
    expect(inWindow.map((p) => Date.parse(p.t))).toEqual(window.map((s) => s.at));
    expect(memory.recentLatencies('orders', 3)).toEqual(kept.slice(-3).map((s) => s.latencyMs));
  });

  test('a ring of one sample keeps the latest', async () => {
    const memory = new MemoryHistory(1);
    memory.record(poll(T0, 4));
    memory.record(poll(T0 + 86_400_000 * 40, 7)); // further apart than a delta can say
    const points = await memory.history({ service: 'orders', check: null, from: 0, to: T0 * 2, resolution: 'raw', limit: 10 });
    expect(points.map((p) => [Date.parse(p.t), p.mean])).toEqual([[T0 + 86_400_000 * 40, 7]]);
  });
});
