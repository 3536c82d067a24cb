import { checkImpact, reportFailure, restartCures } from '../src';

describe('health verdict contract', () => {
  test('when a check is a system check, then its impact is its own; when it names a dependency, then it is readiness', () => {
    expect(checkImpact('eventloop:delay')).toBe('liveness');
    for (const name of ['http:errorRate', 'http:responseTime', 'cpu:utilization', 'memory:utilization', 'uptime'])
      expect(checkImpact(name)).toBe('degradation');
    for (const name of ['postgres:responseTime', 'redis:responseTime', 'inventory:responseTime'])
      expect(checkImpact(name)).toBe('readiness');
  });

  test('when a report fails only on degradation checks, then the poll has not failed; a dependency makes it readiness; a blocked loop or no named check makes it liveness', () => {
    expect(reportFailure(['http:errorRate', 'http:responseTime'])).toBeNull();
    expect(reportFailure(['http:errorRate', 'postgres:responseTime'])).toBe('readiness');
    expect(reportFailure(['postgres:responseTime', 'eventloop:delay'])).toBe('liveness');
    expect(reportFailure([])).toBe('liveness');
  });

  test('when a poll failed on liveness, then a restart cures it; on readiness or not at all, then it does not', () => {
    expect([restartCures('liveness'), restartCures('readiness'), restartCures(null)]).toEqual([true, false, false]);
  });
});
