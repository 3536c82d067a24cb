import { startTestIdentityProvider, type TestIdentityProvider } from '@erp/harness';
import { waitFor } from '@erp/testing';
import { FakeObserver } from '@erp/harness/watchdog/fake-observer';
import type { Fleet } from '@erp/harness/watchdog/workloads';
import { supervisedFleet } from './support/supervised-fleet';
import { ADMIN_TOKEN, OBSERVER_TOKEN, WatchdogHarness } from './support/watchdog-harness';

/**
 * The watchdog's own HTTP API: status, events, clearing a give-up mark — and every kind of bad input. Identity comes
 * from a real hr: the watchdog posts its events with its service account's token, admins clear with hr tokens.
 */
describe('watchdog API', () => {
  let fleet: Fleet;
  let watchdog: WatchdogHarness;
  let idp: TestIdentityProvider;
  let observer: FakeObserver;
  let hrEnv: Record<string, string>;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    idp = await startTestIdentityProvider({ serviceClients: ['watchdog'] });
    hrEnv = { HR_URL: idp.url, AUTH_CLIENT_ID: 'watchdog', AUTH_CLIENT_SECRET: idp.clientSecret('watchdog') };
    observer = new FakeObserver({ token: OBSERVER_TOKEN, jwksUrl: idp.jwksUrl });
    fleet = await supervisedFleet();
    const fine = await fleet.add({ name: 'fine' });
    const doomed = await fleet.add({ name: 'doomed' });
    const lost = await fleet.add({ name: 'lost' });
    for (const w of [fine, doomed, lost]) observer.watch({ name: w.name, healthUrl: w.healthUrl });
    await observer.start();
    await waitFor(() => ['fine', 'doomed', 'lost'].every((name) => observer.stateOf(name) === 'UP'), { timeoutMs: 20_000 });
    watchdog = await WatchdogHarness.start({ ...fleet.driverEnv, ...hrEnv, OBSERVER_URL: observer.url, WATCHDOG_GIVE_UP_AFTER: '1' });
    doomed.breakForGood();
    lost.breakForGood();
    await waitFor(async () => (await watchdog.events({ kind: 'gave-up' })).length === 2, {
      timeoutMs: 30_000,
      message: 'doomed and lost given up',
    });
  });

  afterAll(async () => {
    await watchdog?.stop();
    await observer?.stop();
    await fleet?.cleanup();
    await idp?.stop();
  });

  const gaveUp = async (name: string) => (await watchdog.status()).targets.find((t) => t.name === name)?.gaveUp ?? null;

  const post = (path: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
    fetch(`${watchdog.url}${path}`, { method: 'POST', ...init });

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

  it('when status and events are read without a token, then they answer (public, like the observer dashboard reads)', async () => {
    expect((await fetch(`${watchdog.url}/api/v1/status`)).status).toBe(200);
    expect((await fetch(`${watchdog.url}/api/v1/events`)).status).toBe(200);
  });

  it('when HR_URL and the service account are set, then events reach the observer with the watchdog service token, not the static one', async () => {
    const gaveUpAtObserver = await waitFor(() => observer.events.find((e) => e.kind === 'gave-up' && e.target === 'doomed') ?? null, {
      timeoutMs: 10_000,
      message: 'gave-up at the observer',
    });
    expect(gaveUpAtObserver.postedBy.subject).toBe('watchdog');
    expect(observer.events.map((e) => e.postedBy.subject)).not.toContain('static-token');
  });

  it('when the observer refuses a cached service token with 401, then the watchdog gets a fresh one and the event still arrives', async () => {
    observer.refuseNextServiceTokens(1);
    const probe = await WatchdogHarness.start({ ...fleet.driverEnv, ...hrEnv, OBSERVER_URL: observer.url, WATCHDOG_DRY_RUN: 'true' });
    try {
      const arrived = await waitFor(() => observer.events.find((e) => e.data.dryRun === true) ?? null, {
        timeoutMs: 15_000,
        message: 'a dry-run event at the observer',
      });
      expect(observer.refusedTokenIds).toHaveLength(1);
      expect(arrived.postedBy.subject).toBe('watchdog');
      const acceptedTokenIds = observer.events.map((e) => e.postedBy.tokenId);
      expect(acceptedTokenIds).not.toContain(observer.refusedTokenIds[0]);
    } finally {
      await probe.stop();
    }
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
    await expectProblem(
      await post('/api/v1/targets/doomed/clear', { headers: { authorization: `Bearer ${'z'.repeat(ADMIN_TOKEN.length)}` } }),
      401,
    );
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
    expect(await gaveUp('doomed')).not.toBeNull();
  });

  it('when an employee or a service account clears, then 403 and the mark stays', async () => {
    for (const token of [await idp.login('employee@erp.example'), await idp.serviceToken('watchdog')]) {
      await expectProblem(await post('/api/v1/targets/lost/clear', { headers: { authorization: `Bearer ${token}` } }), 403);
    }
    expect(await gaveUp('lost')).not.toBeNull();
  });

  it('when clearing with a tampered hr admin token, then 401', async () => {
    const token = await idp.login('admin@erp.example');
    const tampered = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    await expectProblem(await post('/api/v1/targets/lost/clear', { headers: { authorization: `Bearer ${tampered}` } }), 401);
    expect(await gaveUp('lost')).not.toBeNull();
  });

  it('when an hr admin clears a given-up target, then the mark goes and the event names who cleared it', async () => {
    const token = await idp.login('admin@erp.example');
    const response = await post('/api/v1/targets/lost/clear', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'lost', cleared: true });
    const [cleared] = await watchdog.events({ kind: 'cleared', target: 'lost' });
    expect(cleared?.data).toEqual({ by: 'admin@erp.example' });
  });

  it('when clearing a given-up target with the static admin token, then the mark goes, the clearing is an event, and restarts resume', async () => {
    const response = await post('/api/v1/targets/doomed/clear', { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'doomed', cleared: true });
    expect((await watchdog.events({ kind: 'cleared', target: 'doomed' })).map((e) => e.data)).toEqual([{ by: 'watchdog-admin-token' }]);
    await waitFor(async () => (await watchdog.events({ target: 'doomed', kind: 'restart' })).length === 2, {
      timeoutMs: 15_000,
      message: 'restarted again',
    });
  });

  it('when the watchdog has no admin token, then clearing is refused with 403', async () => {
    const bare = await WatchdogHarness.start({
      ...fleet.driverEnv,
      OBSERVER_URL: observer.url,
      WATCHDOG_ADMIN_TOKEN: '',
      WATCHDOG_DRY_RUN: 'true',
    });
    try {
      const response = await fetch(`${bare.url}/api/v1/targets/doomed/clear`, { method: 'POST', headers: auth });
      expect((await expectProblem(response, 403)).detail).toContain('WATCHDOG_ADMIN_TOKEN');
    } finally {
      await bare.stop();
    }
  });
});
