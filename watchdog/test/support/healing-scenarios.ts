import { waitFor } from '@erp/testing';
import { FakeObserver } from '@erp/harness/watchdog/fake-observer';
import type { Fleet, Workload } from '@erp/harness/watchdog/workloads';
import { ADMIN_TOKEN, OBSERVER_TOKEN, WatchdogHarness } from './watchdog-harness';

const LONG = { timeoutMs: 30_000, intervalMs: 50 };
const nonEmpty = <T>(list: T[]): T[] | null => (list.length > 0 ? list : null);

/**
 * The test list, run unchanged against each driver (real Docker engine, real supervised processes).
 * Only the workloads differ; the watchdog, its HTTP API and the test observer are the same real components.
 */
export function describeHealingScenarios(makeFleet: () => Promise<Fleet>): void {
  let fleet: Fleet;
  let observer: FakeObserver;
  let watchdog: WatchdogHarness | undefined;

  beforeEach(async () => {
    fleet = await makeFleet();
    observer = new FakeObserver({ token: OBSERVER_TOKEN });
  });

  afterEach(async () => {
    await watchdog?.stop();
    watchdog = undefined;
    await observer.stop();
    await fleet.cleanup();
  });

  /** Observer watching every workload, all UP, then the watchdog started and seeing the labelled ones. */
  async function startAll(
    workloads: Workload[],
    env: Record<string, string> = {},
    dependsOn: Record<string, string[]> = {},
  ): Promise<WatchdogHarness> {
    for (const w of workloads) observer.watch({ name: w.name, healthUrl: w.healthUrl, dependsOn: dependsOn[w.name] ?? [] });
    await observer.start();
    await waitFor(() => workloads.every((w) => observer.stateOf(w.name) === 'UP'), { ...LONG, message: 'every workload UP' });
    const started = await WatchdogHarness.start({ ...fleet.driverEnv, OBSERVER_URL: observer.url, ...env });
    watchdog = started;
    await waitFor(async () => (await started.status()).targets.length > 0, { ...LONG, message: 'the watchdog lists its targets' });
    return started;
  }

  const kinds = async (wd: WatchdogHarness, target: string) => (await wd.eventsFor(target)).map((e) => e.kind);

  it('when a labelled workload turns unhealthy, then it is restarted and healthy again, and an unlabelled one is never touched', async () => {
    const sick = await fleet.add({ name: 'sick' });
    const legacy = await fleet.add({ name: 'legacy', labelled: false });
    const wd = await startAll([sick, legacy]);
    const [sickStart, legacyStart] = [await sick.startedAt(), await legacy.startedAt()];

    sick.break();
    legacy.break();
    await waitFor(async () => (await kinds(wd, 'sick')).includes('restart-completed'), { ...LONG, message: 'sick restarted' });
    await waitFor(() => observer.stateOf('sick') === 'UP', { ...LONG, message: 'sick UP again' });
    await waitFor(() => observer.events.some((e) => e.kind === 'restart' && e.target === 'sick' && e.source === 'watchdog'), {
      ...LONG,
      message: 'the observer got the restart event',
    });

    expect(await sick.startedAt()).toBeGreaterThan(sickStart ?? 0);
    expect(observer.stateOf('legacy')).toBe('DOWN');
    expect(await legacy.startedAt()).toBe(legacyStart);
    expect(await wd.eventsFor('legacy')).toEqual([]);
    expect((await wd.status()).targets.map((t) => t.name)).toEqual(['sick']);
  });

  it('when a workload is DOWN within its start period and has not yet shown health, then it is left alone', async () => {
    // Its health file comes from an unwatched donor whose file is gone before it starts: this incarnation never
    // answers healthy (and Docker, inside the HEALTHCHECK's start period, calls it only "starting").
    const donor = await fleet.add({ name: 'slow-health', labelled: false });
    await waitFor(async () => (await fetch(donor.healthUrl).catch(() => null))?.ok === true, {
      ...LONG,
      message: 'the donor wrote its health file',
    });
    donor.breakForGood();
    const slow = await fleet.add({ name: 'slow', startPeriodMs: 3_600_000, healthOf: donor });
    observer.watch({ name: slow.name, healthUrl: slow.healthUrl });
    await observer.start();
    await waitFor(() => observer.stateOf('slow') === 'DOWN', { ...LONG, message: 'slow DOWN from its start' });
    const wd = await WatchdogHarness.start({ ...fleet.driverEnv, OBSERVER_URL: observer.url });
    watchdog = wd;
    const started = await slow.startedAt();

    await waitFor(async () => (await kinds(wd, 'slow')).includes('left-alone-starting'), { ...LONG, message: 'left alone while starting' });

    expect(observer.stateOf('slow')).toBe('DOWN');
    expect(await kinds(wd, 'slow')).not.toContain('restart');
    expect(await slow.startedAt()).toBe(started);
  });

  it('when a workload that came up within its start period then fails, then it is restarted at once (its first sign of health ended the period)', async () => {
    const slow = await fleet.add({ name: 'slow', startPeriodMs: 3_600_000 });
    const wd = await startAll([slow]);
    const started = await slow.startedAt();
    // "Came up" as the watchdog sees it: running at the driver while the observer says UP.
    const seenUp = async () =>
      (await wd.status()).targets.some((t) => t.name === 'slow' && t.state === 'running' && t.verdict?.state === 'UP');
    await waitFor(seenUp, { ...LONG, message: 'the watchdog saw slow running and UP' });

    slow.break();
    await waitFor(async () => (await kinds(wd, 'slow')).includes('restart-completed'), { ...LONG, message: 'slow restarted' });

    expect((await kinds(wd, 'slow')).slice(0, 2)).toEqual(['restart', 'restart-completed']);
    expect(await slow.startedAt()).toBeGreaterThan(started ?? 0);
  });

  it('when a workload keeps failing, then restarts come with growing delays, then it gives up with a critical alert, until cleared', async () => {
    const loop = await fleet.add({ name: 'loop' });
    const wd = await startAll([loop]);

    loop.breakForGood();
    await waitFor(async () => (await kinds(wd, 'loop')).includes('gave-up'), { ...LONG, timeoutMs: 60_000, message: 'gave up' });
    const restarts = await wd.eventsFor('loop', 'restart');
    expect(restarts.map((e) => e.data.delayMs)).toEqual([0, 400, 800]);
    await waitFor(() => observer.events.find((e) => e.kind === 'gave-up' && e.target === 'loop' && e.severity === 'critical'), {
      ...LONG,
      message: 'critical event at the observer',
    });
    expect((await wd.status()).targets[0]?.gaveUp?.reason).toMatch(/3 restarts/);

    loop.repair();
    const denied = await fetch(`${wd.url}/api/v1/targets/loop/clear`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong-token-of-some-length' },
    });
    expect(denied.status).toBe(401);
    const cleared = await fetch(`${wd.url}/api/v1/targets/loop/clear`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(cleared.status).toBe(200);
    await waitFor(() => observer.stateOf('loop') === 'UP', { ...LONG, message: 'loop healthy after the clear' });
    expect((await wd.eventsFor('loop', 'restart')).length).toBe(4);
  });

  it('when a service fails because its dependency did, then the dependency is restarted and the service is not', async () => {
    const db = await fleet.add({ name: 'db' });
    const api = await fleet.add({ name: 'api', healthOf: db });
    const wd = await startAll([db, api], {}, { api: ['db'] });
    const apiStart = await api.startedAt();

    db.break();
    await waitFor(async () => (await kinds(wd, 'db')).includes('restart-completed'), { ...LONG, message: 'db restarted' });
    await waitFor(() => observer.stateOf('db') === 'UP' && observer.stateOf('api') === 'UP', { ...LONG, message: 'both UP' });

    expect(await kinds(wd, 'api')).toContain('waiting-on-dependency');
    expect(await kinds(wd, 'api')).not.toContain('restart');
    expect(await api.startedAt()).toBe(apiStart);
    // Each event says what that decision did: api's never claims a restart; db's restart is db's own event.
    for (const event of await wd.eventsFor('api', 'waiting-on-dependency')) {
      expect(event.message).toMatch(/^api is DOWN because db is: not restarting api/);
      expect(event.message).not.toMatch(/restarting db/);
    }
    expect((await wd.eventsFor('db', 'restart'))[0]?.data).toMatchObject({ rechecked: true, failure: 'liveness' });
  });

  it('when many workloads fail at once, then the fleet budget caps the restarts', async () => {
    const workloads = await Promise.all(['m1', 'm2', 'm3', 'm4'].map((name) => fleet.add({ name })));
    const wd = await startAll(workloads, { WATCHDOG_BUDGET: '2', WATCHDOG_BUDGET_WINDOW_MS: '600000' });
    const before = await Promise.all(workloads.map((w) => w.startedAt()));

    for (const w of workloads) w.break();
    await waitFor(
      async () =>
        (await wd.events({ kind: 'waiting-budget' })).length === 2 && (await wd.events({ kind: 'restart-completed' })).length === 2,
      { ...LONG, message: '2 restarted, 2 waiting' },
    );

    const after = await Promise.all(workloads.map((w) => w.startedAt()));
    expect(after.filter((at, i) => at !== before[i])).toHaveLength(2);
    expect(await wd.events({ kind: 'restart' })).toHaveLength(2);
  });

  it('when the observer is unreachable, then the driver’s own health decides, the watchdog says so, and the observer gets the events once back', async () => {
    const solo = await fleet.add({ name: 'solo' });
    const wd = await startAll([solo]);
    const started = await solo.startedAt();

    await observer.stop();
    const [changed] = await waitFor(async () => nonEmpty(await wd.events({ kind: 'verdict-source-changed' })), {
      ...LONG,
      message: 'falls back',
    });
    expect(changed?.message).toMatch(/unreachable.*own health status/);
    expect((await wd.status()).verdictSource).toBe('driver');
    await fleet.failVisiblyToDriver(solo);
    await waitFor(async () => (await kinds(wd, 'solo')).includes('restart-completed'), { ...LONG, message: 'solo restarted' });

    const [restart] = await wd.eventsFor('solo', 'restart');
    expect(restart?.data.verdictSource).toBe('driver');
    expect(await solo.startedAt()).toBeGreaterThan(started ?? 0);
    await waitFor(async () => (await fetch(solo.healthUrl)).ok, { ...LONG, message: 'solo serves health again' });

    await observer.start();
    await waitFor(async () => (await wd.status()).verdictSource === 'observer', { ...LONG, message: 'back to the observer' });
    await waitFor(() => observer.events.find((e) => e.kind === 'restart' && e.target === 'solo' && e.data.verdictSource === 'driver'), {
      ...LONG,
      message: 'queued restart event delivered',
    });
  });

  it('when a restart does not bring the workload back in time, then it is killed and started', async () => {
    const stubborn = await fleet.add({ name: 'stubborn', ignoreTerm: true });
    const wd = await startAll([stubborn], { WATCHDOG_RESTART_TIMEOUT_MS: '1500', WATCHDOG_STOP_TIMEOUT_MS: '30000' });
    const started = await stubborn.startedAt();

    stubborn.break();
    await waitFor(async () => (await kinds(wd, 'stubborn')).includes('restart-completed'), { ...LONG, message: 'stubborn back' });

    expect(await kinds(wd, 'stubborn')).toContain('restart-escalated');
    expect(await stubborn.startedAt()).toBeGreaterThan(started ?? 0);
    await waitFor(() => observer.stateOf('stubborn') === 'UP', { ...LONG, message: 'stubborn UP' });
  });

  it('when in dry-run, then it logs the restarts it would make and touches nothing', async () => {
    const dry = await fleet.add({ name: 'dry' });
    const wd = await startAll([dry], { WATCHDOG_DRY_RUN: 'true' });
    const started = await dry.startedAt();

    dry.break();
    await waitFor(async () => (await wd.eventsFor('dry', 'restart')).length >= 2, { ...LONG, message: 'two would-be restarts' });

    const [first] = await wd.eventsFor('dry', 'restart');
    expect(first).toMatchObject({ dryRun: true, message: expect.stringMatching(/^would restart dry/) });
    expect(await dry.startedAt()).toBe(started);
    expect(observer.stateOf('dry')).toBe('DOWN');
  });
}
