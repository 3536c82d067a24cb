import pino from 'pino';
import { maintenanceActive, MuteRules, type MaintenanceRule } from '../src/model/mute-rules';
import { ConsoleNotifier } from '../src/notifiers/console.notifier';
import { NotifierRegistry } from '../src/notifiers/notifier-registry';

const weekly = (days: number[], startTime: string, durationMinutes: number): MaintenanceRule => ({
  id: 'm1',
  target: 'db',
  labels: {},
  startsAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: null,
  recurrence: { daysOfWeek: days, startTime, durationMinutes },
  comment: 'patching',
});

describe('maintenance windows and silences', () => {
  test('when a weekly window is defined for Sunday 03:00 for an hour, then it is active only then (UTC)', () => {
    const rule = weekly([0], '03:00', 60);
    expect(maintenanceActive(rule, Date.parse('2026-11-29T03:30:00Z'))).toBe(true); // a Sunday
    expect(maintenanceActive(rule, Date.parse('2026-11-29T04:00:00Z'))).toBe(false);
    expect(maintenanceActive(rule, Date.parse('2026-11-30T03:30:00Z'))).toBe(false); // Monday
  });

  test('when a weekly window crosses midnight, then it is still active the next morning', () => {
    const rule = weekly([6], '23:00', 180);
    expect(maintenanceActive(rule, Date.parse('2026-11-29T01:30:00Z'))).toBe(true); // Saturday 23:00 + 2.5 h
    expect(maintenanceActive(rule, Date.parse('2026-11-29T02:00:00Z'))).toBe(false);
  });

  test('when a silence matches by label, then only targets with every label are muted', () => {
    const rules = new MuteRules();
    rules.set(
      [
        {
          id: 's1',
          target: null,
          labels: { team: 'web', tier: 'critical' },
          startsAt: new Date(0),
          expiresAt: new Date(Date.now() + 60_000),
          comment: 'x',
        },
      ],
      [],
    );
    expect(rules.mutedBy('shop', { team: 'web', tier: 'critical', extra: '1' })).toBe('silence:s1');
    expect(rules.mutedBy('shop', { team: 'web' })).toBeNull();
  });
});

describe('notifier registry', () => {
  test('when a name is registered twice, then it throws', () => {
    const registry = new NotifierRegistry().register(new ConsoleNotifier(pino({ level: 'silent' })));
    expect(() => registry.register(new ConsoleNotifier(pino({ level: 'silent' })))).toThrow('notifier "console" is already registered');
  });

  test('when an unknown channel is asked for, then it throws naming the registered ones', () => {
    const registry = new NotifierRegistry().register(new ConsoleNotifier(pino({ level: 'silent' })));
    expect(() => registry.get('pager')).toThrow('no notifier named "pager" (registered: console)');
  });
});
