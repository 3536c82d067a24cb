import { LatencyWindow } from '../src/latency-window';

describe('LatencyWindow', () => {
  it('when 1000 requests of 1..1000 ms are recorded, then p50, p95 and p99 are within 2.5 % of the exact values', () => {
    const window = new LatencyWindow();
    for (let ms = 1; ms <= 1000; ms++) window.record(ms, ms % 100 === 0, 1_000);

    const snapshot = window.snapshot(1_000);

    expect(snapshot.count).toBe(1000);
    expect(snapshot.errors).toBe(10);
    expect(Math.abs(snapshot.p50 - 500) / 500).toBeLessThanOrEqual(0.025);
    expect(Math.abs(snapshot.p95 - 950) / 950).toBeLessThanOrEqual(0.025);
    expect(Math.abs(snapshot.p99 - 990) / 990).toBeLessThanOrEqual(0.025);
  });

  it('when nothing was recorded, then the snapshot is all zeros', () => {
    expect(new LatencyWindow().snapshot(0)).toEqual({ count: 0, errors: 0, p50: 0, p95: 0, p99: 0 });
  });

  it('when a slot falls out of the 60 s window, then its requests no longer count', () => {
    const window = new LatencyWindow(5_000, 12);
    window.record(100, true, 0);
    window.record(1, false, 30_000);

    expect(window.snapshot(59_999)).toMatchObject({ count: 2, errors: 1 });
    expect(window.snapshot(60_000)).toMatchObject({ count: 1, errors: 0 });
    expect(window.snapshot(95_000)).toMatchObject({ count: 0 });
  });

  it('when the ring wraps around, then the reused slot starts from zero', () => {
    const window = new LatencyWindow(5_000, 12);
    window.record(100, true, 0);

    window.record(2, false, 60_000);

    expect(window.snapshot(60_000)).toMatchObject({ count: 1, errors: 0 });
  });

  it('when a latency is beyond the largest bucket or below the smallest, then it is still counted', () => {
    const window = new LatencyWindow();
    window.record(0, false, 0);
    window.record(10_000_000, false, 0);

    const snapshot = window.snapshot(0);

    expect(snapshot.count).toBe(2);
    expect(snapshot.p50).toBeLessThanOrEqual(0.01);
    expect(snapshot.p99).toBeGreaterThan(60_000);
  });
});
