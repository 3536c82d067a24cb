import { RestartPolicy, type Decision, type PolicyConfig } from '../src/domain/restart-policy';
import { parseDuration, type Target, type Verdict } from '../src/domain/target';

/** The pure policy with a fake clock: every behaviour of the issue, decided without any driver. */

const config: PolicyConfig = {
  backoffInitialMs: 10_000,
  backoffMaxMs: 300_000,
  backoffResetMs: 600_000,
  giveUpAfter: 5,
  giveUpWindowMs: 1_800_000,
  budget: 3,
  budgetWindowMs: 60_000,
  defaultStartPeriodMs: 0,
};

function target(name: string, overrides: Partial<Target> = {}): Target {
  return {
    id: `id-${name}`,
    name,
    labels: { 'erp.watchdog.enable': 'true' },
    state: 'running',
    health: 'healthy',
    startedAt: 0,
    startPeriodMs: null,
    ...overrides,
  };
}

/** Observer verdicts; a DOWN one failed its latest poll on liveness unless a `failure` is given. */
function verdicts(
  now: number,
  entries: Record<string, Verdict['state'] | [Verdict['state'], string | null, Verdict['failure']?]>,
): Map<string, Verdict> {
  return new Map(
    Object.entries(entries).map(([name, v]) => {
      const [state, rootCause, failure] = Array.isArray(v) ? v : [v, null];
      return [
        name,
        {
          name,
          state,
          rootCause,
          failure: failure === undefined ? (state === 'DOWN' ? 'liveness' : null) : failure,
          checkedAt: now,
          source: 'observer' as const,
        },
      ];
    }),
  );
}

function restarted(decisions: Decision[]): string[] {
  return decisions.filter((d) => d.kind === 'restart').map((d) => d.target.name);
}

function waiting(decisions: Decision[], name: string): string | undefined {
  const d = decisions.find((x) => x.target.name === name && x.kind === 'wait');
  return d?.kind === 'wait' ? d.reason : undefined;
}

describe('restart policy', () => {
  let now: number;
  let policy: RestartPolicy;
  beforeEach(() => {
    now = 1_000_000;
    policy = new RestartPolicy(config);
  });

  /** Evaluates, then finishes every restart it decided (as the engine does once the target is back). */
  function step(targets: Target[], v: Map<string, Verdict> | null): Decision[] {
    const { decisions } = policy.evaluate(now, targets, v);
    for (const d of decisions) if (d.kind === 'restart') policy.restartFinished(d.target.name);
    return decisions;
  }

  it('when a labelled target is DOWN, then it is restarted at once', () => {
    expect(restarted(step([target('catalog')], verdicts(now, { catalog: 'DOWN' })))).toEqual(['catalog']);
  });

  it('when a target has no opt-in label, then it is never restarted nor even judged', () => {
    const unlabelled = target('legacy', { labels: { 'erp.service': 'legacy' } });
    const falseLabel = target('other', { labels: { 'erp.watchdog.enable': 'false' } });
    const { decisions, watched } = policy.evaluate(now, [unlabelled, falseLabel], verdicts(now, { legacy: 'DOWN', other: 'DOWN' }));
    expect(decisions).toEqual([]);
    expect(watched).toEqual([]);
  });

  it('when the target is UP, PENDING or in MAINTENANCE, then nothing is restarted', () => {
    const targets = [target('a'), target('b'), target('c')];
    expect(step(targets, verdicts(now, { a: 'UP', b: 'PENDING', c: 'MAINTENANCE' }))).toEqual([]);
  });

  it('when Docker reports health starting, then a DOWN target is left alone', () => {
    const decisions = step([target('catalog', { health: 'starting' })], verdicts(now, { catalog: 'DOWN' }));
    expect(restarted(decisions)).toEqual([]);
    expect(waiting(decisions, 'catalog')).toBe('starting');
  });

  it('when the driver says starting for longer than the declared start period, then the target counts as stuck and is restarted', () => {
    const t = target('stuck', {
      state: 'starting',
      health: 'starting',
      startedAt: now - 31_000,
      labels: { 'erp.watchdog.enable': 'true', 'erp.watchdog.start-period': '30s' },
    });
    expect(restarted(step([t], verdicts(now, { stuck: 'DOWN' })))).toEqual(['stuck']);
  });

  it('when the target is within the start period of its label, then it is left alone until the period ends', () => {
    const t = target('catalog', {
      health: 'none',
      startedAt: now - 5_000,
      labels: { 'erp.watchdog.enable': 'true', 'erp.watchdog.start-period': '20s' },
    });
    expect(waiting(step([t], verdicts(now, { catalog: 'DOWN' })), 'catalog')).toBe('starting');
    now += 15_000;
    expect(restarted(step([t], verdicts(now, { catalog: 'DOWN' })))).toEqual(['catalog']);
  });

  it("when there is no label, then the HEALTHCHECK's start period applies", () => {
    const t = target('catalog', { health: 'starting', startedAt: now - 1_000, startPeriodMs: 60_000 });
    expect(waiting(step([t], verdicts(now, { catalog: 'DOWN' })), 'catalog')).toBe('starting');
    now += 59_001;
    expect(restarted(step([t], verdicts(now, { catalog: 'DOWN' })))).toEqual(['catalog']);
  });

  it('when Docker already calls the target healthy or unhealthy within its start period, then the period is over and a DOWN target is restarted at once', () => {
    for (const health of ['healthy', 'unhealthy'] as const) {
      policy = new RestartPolicy(config);
      const t = target('catalog', { health, startedAt: now - 30_000, startPeriodMs: 120_000 });
      expect(restarted(step([t], verdicts(now, { catalog: 'DOWN' })))).toEqual(['catalog']);
    }
  });

  it('when the observer saw this incarnation UP within its start period, then a later DOWN is restarted at once; a new incarnation gets its start period again', () => {
    const t = target('catalog', {
      health: 'none',
      startedAt: now - 10_000,
      labels: { 'erp.watchdog.enable': 'true', 'erp.watchdog.start-period': '2m' },
    });
    expect(waiting(step([t], verdicts(now, { catalog: 'DOWN' })), 'catalog')).toBe('starting');
    now += 1_000;
    expect(step([t], verdicts(now, { catalog: 'UP' }))).toEqual([]);
    now += 5_000;
    expect(restarted(step([t], verdicts(now, { catalog: 'DOWN' })))).toEqual(['catalog']);
    t.startedAt = now + 1_000;
    now += 2_000;
    expect(waiting(step([t], verdicts(now, { catalog: 'DOWN' })), 'catalog')).toBe('starting');
  });

  it('when a member comes up after the observer saw it failing, then that earlier DOWN verdict does not restart it; a failure after it came up does', () => {
    // docker compose up: orders listens 10 s after its container starts; the observer's last poll failed before that
    const t = target('orders', { health: 'starting', startedAt: now - 10_000, startPeriodMs: 120_000 });
    const failedWhileStarting = verdicts(now - 2_000, { orders: 'DOWN' });
    expect(waiting(step([t], failedWhileStarting), 'orders')).toBe('starting');
    now += 1_000;
    t.health = 'healthy';
    expect(waiting(step([t], failedWhileStarting), 'orders')).toBe('fresh-verdict');
    now += 1_000;
    expect(restarted(step([t], verdicts(now, { orders: 'DOWN' })))).toEqual(['orders']);
  });

  it('when a supervisor still calls a process starting but the observer saw it UP, then it has shown health: a later DOWN restarts it at once', () => {
    const t = target('orders', {
      state: 'starting',
      health: 'starting',
      startedAt: now - 5_000,
      labels: { 'erp.watchdog.enable': 'true', 'erp.watchdog.start-period': '2m' },
    });
    expect(step([t], verdicts(now, { orders: 'UP' }))).toEqual([]);
    now += 3_000;
    expect(restarted(step([t], verdicts(now, { orders: 'DOWN' })))).toEqual(['orders']);
  });

  it("when an UP verdict was checked before the current incarnation started, then it does not end that incarnation's start period", () => {
    const t = target('catalog', {
      health: 'none',
      startedAt: now - 10_000,
      labels: { 'erp.watchdog.enable': 'true', 'erp.watchdog.start-period': '2m' },
    });
    const stale = new Map([
      [
        'catalog',
        { name: 'catalog', state: 'UP' as const, rootCause: null, failure: null, checkedAt: now - 20_000, source: 'observer' as const },
      ],
    ]);
    expect(step([t], stale)).toEqual([]);
    expect(waiting(step([t], verdicts(now, { catalog: 'DOWN' })), 'catalog')).toBe('starting');
  });

  it('when a target keeps failing, then restarts come at once, then after 10 s doubling, and the watchdog gives up after N', () => {
    const t = target('orders');
    const restartTimes: number[] = [];
    let gaveUp: Decision | undefined;
    for (let i = 0; i < 1_000 && !gaveUp; i++) {
      t.startedAt = restartTimes.at(-1) ?? 0;
      const decisions = step([t], verdicts(now, { orders: 'DOWN' }));
      if (restarted(decisions).length) restartTimes.push(now);
      gaveUp = decisions.find((d) => d.kind === 'give-up');
      now += 1_000;
    }
    const gaps = restartTimes.slice(1).map((at, i) => at - (restartTimes[i] as number));
    expect(restartTimes).toHaveLength(5);
    expect(gaps).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(gaveUp).toMatchObject({ kind: 'give-up', restartsInWindow: 5 });
    expect(policy.view('orders', now)?.gaveUp).not.toBeNull();
    expect(waiting(step([t], verdicts(now, { orders: 'DOWN' })), 'orders')).toBe('gave-up');
  });

  it('when the delay would pass the cap, then it stays at the cap', () => {
    const capped = new RestartPolicy({ ...config, backoffMaxMs: 25_000 });
    expect([1, 2, 3, 4, 5].map((streak) => capped.delayFor(streak))).toEqual([10_000, 20_000, 25_000, 25_000, 25_000]);
  });

  it('when a give-up mark is cleared, then the target is restarted again at once', () => {
    const t = target('orders');
    const p = new RestartPolicy({ ...config, giveUpAfter: 1 });
    p.evaluate(now, [t], verdicts(now, { orders: 'DOWN' }));
    p.restartFinished('orders');
    now += 20_000;
    expect(p.evaluate(now, [t], verdicts(now, { orders: 'DOWN' })).decisions[0]?.kind).toBe('give-up');
    expect(p.clear('orders')).toBe(true);
    expect(p.clear('orders')).toBe(false);
    expect(restarted(p.evaluate(now, [t], verdicts(now, { orders: 'DOWN' })).decisions)).toEqual(['orders']);
  });

  it('when a target stays healthy for the reset time, then its backoff starts over', () => {
    const t = target('hr');
    step([t], verdicts(now, { hr: 'DOWN' }));
    now += 10_000;
    step([t], verdicts(now, { hr: 'DOWN' }));
    expect(policy.view('hr', now)?.streak).toBe(2);
    now += 1_000;
    step([t], verdicts(now, { hr: 'UP' }));
    now += 600_000;
    const decisions = step([t], verdicts(now, { hr: 'UP' }));
    expect(decisions.map((d) => d.kind)).toEqual(['backoff-reset']);
    now += 1_000;
    expect(restarted(step([t], verdicts(now, { hr: 'DOWN' })))).toEqual(['hr']);
  });

  it('when a service is DOWN because of a watched dependency, then the dependency is restarted and the service is not', () => {
    const targets = [target('orders'), target('inventory'), target('postgres')];
    const decisions = step(targets, verdicts(now, { orders: ['DOWN', 'postgres'], inventory: ['DOWN', 'postgres'], postgres: 'DOWN' }));
    expect(restarted(decisions)).toEqual(['postgres']);
    expect(waiting(decisions, 'orders')).toBe('dependency');
    const restart = decisions.find((d) => d.kind === 'restart');
    expect(restart?.kind === 'restart' && restart.blamedBy).toEqual(['inventory', 'orders']);
  });

  it('when the dependency is not watched, then the dependants wait and nothing is restarted', () => {
    const decisions = step([target('orders')], verdicts(now, { orders: ['DOWN', 'postgres'], postgres: 'DOWN' }));
    expect(restarted(decisions)).toEqual([]);
    expect(decisions[0]).toMatchObject({ kind: 'wait', reason: 'dependency', rootCause: 'postgres', dependencyWatched: false });
  });

  it('when many targets fail at once, then the fleet budget caps the restarts and those that waited go first when it frees', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const targets = names.map((n) => target(n));
    const down = () => verdicts(now, Object.fromEntries(names.map((n) => [n, 'DOWN' as const])));
    const first = step(targets, down());
    expect(restarted(first)).toEqual(['a', 'b', 'c']);
    expect(waiting(first, 'd')).toBe('budget');
    now += 30_000;
    expect(restarted(step(targets, down()))).toEqual([]);
    now += 30_001;
    // Those that waited go first; the budget's third slot goes to the longest-since-restarted of the rest.
    expect(restarted(step(targets, down()))).toEqual(['d', 'e', 'a']);
  });

  it('when the budget is short, then a root cause goes before the others', () => {
    const p = new RestartPolicy({ ...config, budget: 1 });
    const targets = [target('a'), target('b'), target('z')];
    const { decisions } = p.evaluate(now, targets, verdicts(now, { a: 'DOWN', b: ['DOWN', 'z'], z: 'DOWN' }));
    expect(restarted(decisions)).toEqual(['z']);
  });

  it('when the observer is unreachable, then Docker health decides: unhealthy is restarted, healthy and stopped are not', () => {
    const targets = [
      target('sick', { health: 'unhealthy' }),
      target('fine'),
      target('crashed', { state: 'crashed', health: 'none' }),
      target('stopped', { state: 'stopped', health: 'none' }),
    ];
    const { decisions, verdicts: used } = policy.evaluate(now, targets, null);
    expect(restarted(decisions)).toEqual(['crashed', 'sick']);
    expect(used.get('sick')?.source).toBe('driver');
  });

  it('when the verdict predates the current start of the target, then the policy waits for a fresh one', () => {
    const t = target('catalog', { startedAt: now + 1 });
    now += 2;
    const stale = new Map([
      [
        'catalog',
        {
          name: 'catalog',
          state: 'DOWN' as const,
          rootCause: null,
          failure: 'liveness' as const,
          checkedAt: now - 2,
          source: 'observer' as const,
        },
      ],
    ]);
    expect(waiting(step([t], stale), 'catalog')).toBe('fresh-verdict');
    expect(restarted(step([t], verdicts(now, { catalog: 'DOWN' })))).toEqual(['catalog']);
  });

  it('when a target is still DOWN at the observer but its latest poll passes, then it is never restarted', () => {
    const decisions = step([target('inventory')], verdicts(now, { inventory: ['DOWN', null, null] }));
    expect(restarted(decisions)).toEqual([]);
    expect(waiting(decisions, 'inventory')).toBe('recovering');
  });

  it('when a target is DOWN only because a dependency check fails (readiness), then a restart cannot cure it and it is left alone', () => {
    const decisions = step([target('orders')], verdicts(now, { orders: ['DOWN', null, 'readiness'] }));
    expect(restarted(decisions)).toEqual([]);
    expect(waiting(decisions, 'orders')).toBe('not-curable');
  });

  it('when a decided restart is called off (the re-check found the target answering), then it leaves no backoff, no budget spent and no restart counted', () => {
    const t = target('catalog');
    policy.evaluate(now, [t], verdicts(now, { catalog: 'DOWN' }));
    policy.restartCalledOff('catalog');
    expect(policy.view('catalog', now)).toMatchObject({ streak: 0, restartsInWindow: 0, lastRestartAt: null, restarting: false });
    expect(policy.budgetUsed(now)).toBe(0);
    now += 1000;
    const decisions = step([t], verdicts(now, { catalog: 'DOWN' }));
    expect(decisions).toEqual([expect.objectContaining({ kind: 'restart', attempt: 1, waitedMs: 0 })]);
  });

  it('when a restart is still under way, then the target is not restarted twice', () => {
    const t = target('catalog');
    policy.evaluate(now, [t], verdicts(now, { catalog: 'DOWN' }));
    now += 60_000;
    const { decisions } = policy.evaluate(now, [t], verdicts(now, { catalog: 'DOWN' }));
    expect(waiting(decisions, 'catalog')).toBe('in-flight');
  });
});

describe('start-period durations', () => {
  it.each([
    ['20s', 20_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['2h', 7_200_000],
    ['0', 0],
  ])('when the label says %s, then it is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '20', 's', '10 s', '5d', '-3s', '1m30'])('when the label says %j, then it is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
