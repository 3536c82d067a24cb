import { waitFor } from '@erp/testing';
import { FakeObserver } from './support/fake-observer';
import type { Fleet } from './support/fleet';
import { supervisedFleet } from './support/supervised-fleet';
import { ADMIN_TOKEN, OBSERVER_TOKEN, WatchdogHarness } from './support/watchdog-harness';

/** The watchdog's own HTTP API: status, events, clearing a give-up mark — and every kind of bad input. */
describe('watchdog API', () => {
  let fleet: Fleet;
  let watchdog: WatchdogHarness;
  const observer = new FakeObserver({ token: OBSERVER_TOKEN });
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    fleet = await supervisedFleet();
    const fine = await fleet.add({ name: 'fine' });
    const doomed = await fleet.add({ name: 'doomed' });
    for (const w of [fine, doomed]) observer.watch({ name: w.name, healthUrl: w.healthUrl });
    await observer.start();
    await waitFor(() => observer.stateOf('fine') === 'UP' && observer.stateOf('doomed') === 'UP', { timeoutMs: 20_000 });
    watchdog = await WatchdogHarness.start({ ...fleet.driverEnv, OBSERVER_URL: observer.url, WATCHDOG_GIVE_UP_AFTER: '1' });
    doomed.breakForGood();
    await waitFor(async () => (await watchdog.events({ kind: 'gave-up' })).length === 1, { timeoutMs: 30_000, message: 'doomed given up' });
  });

  afterAll(async () => {
    await watchdog.stop();
    await observer.stop();
    await fleet.cleanup();
  });

  const post = (path: string, init: { headers?: Record<string, string>; body?: string } = {}) => fetch(`${watchdog.url}${path}`, { method: 'POST', ...init });

  async function expectProblem(response: Response, status: number): Promise<{ detail?: string; errors?: Array<{ field: string }> }> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as { detail?: string; errors?: Array<{ field: string }> };
  }

  it('when asked for status, then it lists the watched targets with verdict, backoff and give-up mark', async () => {
    const response = await fetch(`${watchdog.url}/api/v1/status`);
    expect(response.status).toBe(200);
    const body = await watchdog.status();
    expect(body).toMatchObject({ dryRun: false, verdictSource: 'observer', driver: { name: 'process', available: true } });
    const doomed = body.targets.find((t) => t.name === 'doomed');
    expect(doomed).toMatchObject({ streak: 1, verdict: { state: 'DOWN', source: 'observer' } });
    expect(doomed?.gaveUp?.reason).toMatch(/1 restarts/);
    expect(body.targets.find((t) => t.name === 'fine')).toMatchObject({ gaveUp: null, verdict: { state: 'UP' } });
  });

  it('when events are filtered by target, kind and sequence, then only those come back, oldest first', async () => {
    const all = await watchdog.events();
    const doomed = await watchdog.events({ target: 'doomed' });
    expect(doomed.length).toBeGreaterThan(0);
    expect(doomed.every((e) => e.target === 'doomed')).toBe(true);
    expect(doomed.map((e) => e.seq)).toEqual([...doomed.map((e) => e.seq)].sort((a, b) => a - b));
    const after = all[0]?.seq ?? 0;
    expect((await watchdog.events({ after: String(after) })).every((e) => e.seq > after)).toBe(true);
    expect(await watchdog.events({ kind: 'gave-up', limit: '1' })).toHaveLength(1);
  });

  it.each([
    ['a limit that is not a number', 'limit=abc', 'limit'],
    ['a zero limit', 'limit=0', 'limit'],
    ['a limit over the capacity', 'limit=1000000', 'limit'],
    ['an unknown kind', 'kind=explode', 'kind'],
    ['a negative sequence', 'after=-1', 'after'],
    ['a huge target name', `target=${'x'.repeat(300)}`, 'target'],
    ['a path-like target', 'target=..%2F..%2Fetc', 'target'],
    ['an unknown parameter', 'unknown=1', 'unknown'],
  ])('when the events query has %s, then 400 names the field', async (_what, query, field) => {
    const body = await expectProblem(await fetch(`${watchdog.url}/api/v1/events?${query}`), 400);
    expect(body.errors?.map((e) => e.field).join(',')).toContain(field);
  });

  it('when clearing without a token or with a wrong one, then 401', async () => {
    await expectProblem(await post('/api/v1/targets/doomed/clear'), 401);
    await expectProblem(await post('/api/v1/targets/doomed/clear', { headers: { authorization: `Bearer ${'z'.repeat(ADMIN_TOKEN.length)}` } }), 401);
    await expectProblem(await post('/api/v1/targets/doomed/clear', { headers: { authorization: ADMIN_TOKEN } }), 401);
  });

  it('when clearing an unknown target, then 404; a target that is not marked, then 409', async () => {
    expect((await expectProblem(await post('/api/v1/targets/nobody/clear', { headers: auth }), 404)).detail).toContain('nobody');
    expect((await expectProblem(await post('/api/v1/targets/fine/clear', { headers: auth }), 409)).detail).toContain('not marked');
  });

  it.each([
    ['an invalid name', '/api/v1/targets/bad%20name/clear'],
    ['a name too long', `/api/v1/targets/${'n'.repeat(200)}/clear`],
    ['a path-like name', '/api/v1/targets/..%2F..%2Fetc/clear'],
  ])('when clearing with %s, then 400 and the mark stays', async (_what, path) => {
    const body = await expectProblem(await post(path, { headers: auth }), 400);
    expect(body.errors?.map((e) => e.field)).toContain('name');
    expect((await watchdog.status()).targets.find((t) => t.name === 'doomed')?.gaveUp).not.toBeNull();
  });

  it('when clearing a given-up target with the admin token, then the mark goes, the clearing is an event, and restarts resume', async () => {
    const response = await post('/api/v1/targets/doomed/clear', { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'doomed', cleared: true });
    expect(await watchdog.events({ kind: 'cleared' })).toHaveLength(1);
    await waitFor(async () => (await watchdog.events({ target: 'doomed', kind: 'restart' })).length === 2, { timeoutMs: 15_000, message: 'restarted again' });
  });

  it('when the watchdog has no admin token, then clearing is refused with 403', async () => {
    const bare = await WatchdogHarness.start({ ...fleet.driverEnv, OBSERVER_URL: observer.url, WATCHDOG_ADMIN_TOKEN: '', WATCHDOG_DRY_RUN: 'true' });
    try {
      const response = await fetch(`${bare.url}/api/v1/targets/doomed/clear`, { method: 'POST', headers: auth });
      expect((await expectProblem(response, 403)).detail).toContain('WATCHDOG_ADMIN_TOKEN');
    } finally {
      await bare.stop();
    }
  });
});
