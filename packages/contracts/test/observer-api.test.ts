import { NewEvent, ObservedService, StateChange } from '../src';

describe('observer API contracts', () => {
  test('when a stream state event names a state the observer does not have, then it is refused', () => {
    const change = { name: 'orders', from: 'UP', to: 'DOWN', at: '2026-01-01T00:00:00Z', rootCause: null, failure: 'liveness' };
    expect(StateChange.safeParse(change).success).toBe(true);
    expect(StateChange.safeParse({ ...change, to: 'BROKEN' }).success).toBe(false);
    expect(StateChange.safeParse({ ...change, failure: 'degradation' }).success).toBe(false);
  });

  test('when a reported event has an unknown field, a bad severity or more than 16 KiB of data, then it is refused', () => {
    const event = { source: 'watchdog', kind: 'restart', target: 'orders', severity: 'warning', message: 'restarting orders' };
    expect(NewEvent.safeParse(event).success).toBe(true);
    expect(NewEvent.safeParse({ ...event, extra: 1 }).success).toBe(false);
    expect(NewEvent.safeParse({ ...event, severity: 'fatal' }).success).toBe(false);
    expect(NewEvent.safeParse({ ...event, data: { blob: 'x'.repeat(17_000) } }).success).toBe(false);
  });

  test('when a service lacks its verdict fields, then it is not a service of the observer', () => {
    const shape = ObservedService.safeParse({ name: 'orders', state: 'UP' });
    expect(shape.success).toBe(false);
    expect(shape.error?.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['failure', 'rootCause', 'lastCheckAt']));
  });
});
