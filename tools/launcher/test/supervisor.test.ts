import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@erp/testing';
import { Supervisor, type ProcessInfo } from '../src/supervisor';
import { startSupervisorApi, type SupervisorApi } from '../src/supervisor-api';
import { freePort } from '../src/ports';
import { isAlive } from './support';

const fixture = path.join(__dirname, 'fixtures', 'child-server.mjs');

async function addChild(supervisor: Supervisor, name: string, env: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  supervisor.add({
    name,
    command: process.execPath,
    args: [fixture],
    cwd: __dirname,
    env: { PATH: process.env.PATH, PORT: String(port), ...env },
    url,
  });
  return url;
}

describe('Supervisor', () => {
  let supervisor: Supervisor;

  beforeEach(() => {
    supervisor = new Supervisor({
      logDir: mkdtempSync(path.join(tmpdir(), 'supervisor-')),
      initialRestartDelayMs: 100,
      maxRestartDelayMs: 400,
      stopTimeoutMs: 1000,
      isReady: async (info) => (await fetch(`${info.url}/health/ready`)).ok,
    });
  });
  afterEach(() => supervisor.stopAll());

  test('when a child is started, then it becomes running once its readiness answers', async () => {
    await addChild(supervisor, 'alpha');
    supervisor.start('alpha');
    await waitFor(() => supervisor.get('alpha').state === 'running');
    expect(supervisor.get('alpha').pid).toEqual(expect.any(Number));
  });

  test('when a running child is killed, then it is started again with a new pid and the restart is counted', async () => {
    await addChild(supervisor, 'alpha');
    supervisor.start('alpha');
    await waitFor(() => supervisor.get('alpha').state === 'running');
    const firstPid = supervisor.get('alpha').pid as number;
    process.kill(firstPid, 'SIGKILL');
    await waitFor(() => supervisor.get('alpha').state === 'running' && supervisor.get('alpha').pid !== firstPid);
    expect(supervisor.get('alpha')).toMatchObject({ restarts: 1, lastExit: { signal: 'SIGKILL' } });
  });

  test('when a child keeps crashing, then the delay between restarts grows', async () => {
    await addChild(supervisor, 'crashy', { CRASH_AFTER_MS: '20' });
    const starts: number[] = [];
    supervisor.on('state', (info: ProcessInfo) => {
      if (info.name === 'crashy' && info.state === 'starting') starts.push(Date.now());
    });
    supervisor.start('crashy');
    await waitFor(() => starts.length >= 4, { timeoutMs: 10_000 });
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    // delays are 100, 200, 400 ms (plus the child's own 20 ms run): each gap exceeds its planned delay
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
  });

  test('when a child ignores SIGTERM, then stop kills it after the stop timeout and it stays stopped', async () => {
    await addChild(supervisor, 'stubborn', { IGNORE_SIGTERM: '1' });
    supervisor.start('stubborn');
    await waitFor(() => supervisor.get('stubborn').state === 'running');
    const pid = supervisor.get('stubborn').pid as number;
    await supervisor.stop('stubborn');
    expect(isAlive(pid)).toBe(false);
    expect(supervisor.get('stubborn')).toMatchObject({ state: 'stopped', pid: null, lastExit: { signal: 'SIGKILL' } });
  });

  test('when everything is stopped, then no child process is left', async () => {
    await addChild(supervisor, 'a');
    await addChild(supervisor, 'b');
    supervisor.start('a');
    supervisor.start('b');
    await waitFor(() => supervisor.list().every((p) => p.state === 'running'));
    const pids = supervisor.list().map((p) => p.pid as number);
    await supervisor.stopAll();
    expect(pids.filter(isAlive)).toEqual([]);
  });

  test('when everything is stopped, then one at a time in reverse start order: each has exited before the next gets SIGTERM', async () => {
    const logDir = mkdtempSync(path.join(tmpdir(), 'supervisor-order-'));
    const ordered = new Supervisor({ logDir, stopTimeoutMs: 5000, isReady: async (info) => (await fetch(`${info.url}/health/ready`)).ok });
    const names = ['catalog', 'orders', 'observer', 'watchdog'];
    for (const name of names) await addChild(ordered, name, { STOP_DELAY_MS: '300' });
    for (const name of names) ordered.start(name);
    await waitFor(() => ordered.list().every((p) => p.state === 'running'));
    const exits = new Map<string, number>();
    ordered.on('exit', ({ name }: { name: string }) => exits.set(name, Date.now()));

    await ordered.stopAll();

    const sigtermAt = (name: string) => Number(/SIGTERM at (\d+)/.exec(readFileSync(path.join(logDir, `${name}.log`), 'utf8'))?.[1]);
    const stopOrder = [...names].reverse();
    expect([...exits.keys()]).toEqual(stopOrder);
    for (let i = 1; i < stopOrder.length; i += 1) {
      expect(sigtermAt(stopOrder[i]!)).toBeGreaterThanOrEqual(exits.get(stopOrder[i - 1]!)!);
    }
  });
});

describe('Supervisor API', () => {
  let supervisor: Supervisor;
  let api: SupervisorApi;
  const token = 'test-token-0123456789';
  const call = (method: string, p: string, auth = `Bearer ${token}`): Promise<Response> =>
    fetch(`${api.url}${p}`, { method, headers: { authorization: auth } });

  beforeAll(async () => {
    supervisor = new Supervisor({
      logDir: mkdtempSync(path.join(tmpdir(), 'supervisor-api-')),
      initialRestartDelayMs: 100,
      isReady: async (i) => (await fetch(`${i.url}/health/ready`)).ok,
    });
    await addChild(supervisor, 'alpha');
    supervisor.start('alpha');
    api = await startSupervisorApi(supervisor, { port: await freePort(), token });
    await waitFor(() => supervisor.get('alpha').state === 'running');
  });
  afterAll(async () => {
    await api.close();
    await supervisor.stopAll();
  });

  test('when the token is missing or wrong, then 401 problem+json and nothing happens', async () => {
    for (const auth of ['', 'Bearer wrong', `Bearer ${token}x`]) {
      const res = await call('POST', '/api/v1/processes/alpha/kill', auth);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(supervisor.get('alpha').restarts).toBe(0);
  });

  test('when a process is listed, then its state, pid, url and labels are reported', async () => {
    const res = await call('GET', '/api/v1/processes');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([expect.objectContaining({ name: 'alpha', state: 'running', pid: expect.any(Number), labels: {} })]);
  });

  test('when an unknown process is named, then 404 problem+json', async () => {
    const res = await call('POST', '/api/v1/processes/nope/restart');
    expect(res.status).toBe(404);
    expect((await res.json()) as object).toMatchObject({ status: 404 });
  });

  test('when a restart is requested, then the process comes back with a new pid', async () => {
    const before = supervisor.get('alpha').pid;
    const res = await call('POST', '/api/v1/processes/alpha/restart');
    expect(res.status).toBe(202);
    await waitFor(() => supervisor.get('alpha').state === 'running');
    expect(supervisor.get('alpha').pid).not.toBe(before);
    expect(supervisor.get('alpha').restarts).toBeGreaterThanOrEqual(1);
  });
});
