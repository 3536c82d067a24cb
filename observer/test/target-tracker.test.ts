import { defaultThresholds } from '../src/config/observer-config.schema';
import { TargetTracker } from '../src/domain/target-tracker';
import { findRootCauses } from '../src/domain/root-cause';
import type { ProbeCheck, ProbeResult } from '../src/model/target-types';

const thresholds = { ...defaultThresholds, failureThreshold: 3, successThreshold: 2, degradedForSeconds: 10 };
let clock = 0;
const probe = (ok: boolean, extra: Partial<ProbeResult> = {}): ProbeResult => {
  clock += 1000;
  return {
    target: 't',
    at: clock,
    ok,
    failure: ok ? null : 'liveness',
    latencyMs: 5,
    httpStatus: ok ? 200 : 503,
    status: ok ? 'pass' : 'fail',
    error: ok ? null : 'boom',
    checks: [],
    ...extra,
  };
};
const run = (tracker: TargetTracker, pattern: boolean[]) =>
  pattern
    .flatMap((ok) => tracker.apply(probe(ok)))
    .filter((c) => c.type === 'state')
    .map((c) => (c.type === 'state' ? c.to : ''));

describe('target state machine', () => {
  test('when the first poll succeeds, then the target is UP at once', () => {
    expect(run(new TargetTracker('t', thresholds), [true])).toEqual(['UP']);
  });

  test('when fewer failures than the threshold occur, then the target is PENDING and never DOWN', () => {
    const tracker = new TargetTracker('t', thresholds);
    expect(run(tracker, [true, false, false, true, true])).toEqual(['UP', 'PENDING', 'UP']);
  });

  test('when failures reach the threshold, then the target is DOWN, and UP again only after the success threshold', () => {
    const tracker = new TargetTracker('t', thresholds);
    expect(run(tracker, [true, false, false, false])).toEqual(['UP', 'PENDING', 'DOWN']);
    expect(run(tracker, [true])).toEqual([]);
    expect(tracker.state).toBe('DOWN');
    expect(run(tracker, [true])).toEqual(['UP']);
  });

  test('when a target flaps (never two good polls in a row), then it goes DOWN once and stays DOWN until it is stable', () => {
    const tracker = new TargetTracker('t', thresholds);
    const flaps = [true, false, true, false, true, false, true, false, true, false, true, false];
    expect(run(tracker, [...flaps, true, true])).toEqual(['UP', 'PENDING', 'DOWN', 'UP']);
  });

  test('when a metric breaches its threshold for the sustained period, then the target is DEGRADED, and clears after clean polls', () => {
    const tracker = new TargetTracker('t', thresholds);
    const slow = () =>
      probe(true, {
        checks: [{ name: 'http:responseTime', componentType: 'component', componentId: null, value: 1500, unit: 'ms', status: 'pass' }],
      });
    tracker.apply(probe(true));
    const changes = Array.from({ length: 12 }, () => tracker.apply(slow())).flat();
    expect(changes).toEqual([expect.objectContaining({ type: 'degraded', degraded: true, reasons: ['p95 latency 1500 ms > 1000 ms'] })]);
    expect(tracker.apply(probe(true))).toEqual([]);
    expect(tracker.apply(probe(true))).toEqual([expect.objectContaining({ type: 'degraded', degraded: false })]);
  });

  test('when a breach lasts less than the sustained period, then the target is not DEGRADED', () => {
    const tracker = new TargetTracker('t', thresholds);
    tracker.apply(probe(true));
    for (let i = 0; i < 5; i += 1) tracker.apply(probe(true, { latencyMs: 5000 }));
    tracker.apply(probe(true));
    expect(tracker.degraded).toBe(false);
  });

  test('when a maintenance window starts and ends, then the state is MAINTENANCE meanwhile and judged afresh after', () => {
    const tracker = new TargetTracker('t', thresholds);
    run(tracker, [true]);
    expect(tracker.setMaintenance(true, clock).map((c) => (c.type === 'state' ? c.to : ''))).toEqual(['MAINTENANCE']);
    expect(run(tracker, [false, false, false, false])).toEqual([]);
    expect(tracker.setMaintenance(false, clock).map((c) => (c.type === 'state' ? c.to : ''))).toEqual(['PENDING']);
    expect(run(tracker, [true])).toEqual(['UP']);
  });

  test('when a target fails on its datastore and then answers again while still DOWN, then its root cause stays the datastore (the failures that made the incident decide, not the latest poll)', () => {
    const tracker = new TargetTracker('inventory', thresholds);
    const postgres: ProbeCheck = {
      name: 'postgres:responseTime',
      componentType: 'datastore',
      componentId: null,
      value: null,
      unit: 'ms',
      status: 'fail',
    };
    run(tracker, [true]);
    for (let i = 0; i < 3; i += 1) tracker.apply(probe(false, { failure: 'readiness', checks: [postgres] }));
    tracker.apply(probe(true));
    const cause = () =>
      findRootCauses([{ name: 'inventory', state: tracker.state, dependsOn: [], failedChecks: tracker.failedChecks }]).get('inventory');

    expect(tracker.state).toBe('DOWN');
    expect(cause()).toBe('check:postgres');
    tracker.apply(probe(true));
    expect(tracker.state).toBe('UP');
    expect(tracker.failedChecks).toEqual([]);
  });

  test('when a failing target is restarted (its uptime starts over), then the old process failures do not count against the new one', () => {
    const tracker = new TargetTracker('t', thresholds);
    const uptime = (seconds: number): ProbeCheck[] => [
      { name: 'uptime', componentType: 'system', componentId: null, value: seconds, unit: 's', status: 'pass' },
    ];
    tracker.apply(probe(true, { checks: uptime(600) }));
    tracker.apply(probe(false, { checks: uptime(601) }));
    tracker.apply(probe(false, { checks: uptime(602) }));
    expect(tracker.state).toBe('PENDING');

    tracker.apply(probe(false, { checks: uptime(1) }));

    expect(tracker.state).toBe('PENDING');
    tracker.apply(probe(false, { checks: uptime(2) }));
    tracker.apply(probe(false, { checks: uptime(3) }));
    expect(tracker.state).toBe('DOWN');
  });
});
