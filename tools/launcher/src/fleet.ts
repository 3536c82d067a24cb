import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from '@erp/service-kit';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';
import { discoverFleet, kindRank, startOrder, type FleetMember, type RunningMember } from './fleet-manifest';
import { choosePort } from './ports';
import { writeObserverConfig } from './observer-config';
import { loadFleetSecrets, SERVICE_CLIENTS } from './fleet-secrets';
import { Supervisor, type ProcessInfo } from './supervisor';
import { startSupervisorApi, type SupervisorApi } from './supervisor-api';
import { renderTable, type StatusRow } from './status-table';

/** How the fleet is run: everything, only the observer and watchdog, or only the datastores for `pnpm bench`. */
export type LaunchMode = 'all' | 'monitoring' | 'benchmark';

export interface LaunchOptions {
  mode: LaunchMode;
  /** Repository root (holds services/, observer/, watchdog/). */
  root: string;
  /** Where the launcher keeps its state: embedded Postgres data, logs, generated config. */
  stateDir: string;
  env: NodeJS.ProcessEnv;
  out: NodeJS.WritableStream;
  /** Copy every process's log to `out`. */
  verbose?: boolean;
  /** Run only these members (by name). */
  only?: string[];
  /** How long to wait for every process to become ready. */
  readyTimeoutMs?: number;
  /** Crash-restart timings, passed to the supervisor. */
  initialRestartDelayMs?: number;
}

/** A running fleet. */
export interface Fleet {
  supervisor: Supervisor;
  members: RunningMember[];
  /** Server URL (no database) of the PostgreSQL the fleet uses. */
  postgresUrl: string;
  supervisorApi: SupervisorApi | null;
  stop(): Promise<void>;
}

const say = (out: NodeJS.WritableStream, line: string): void => {
  out.write(`[launcher] ${line}\n`);
};

/** Starts the datastores and then every fleet member the mode asks for, and prints a table of their health. */
export async function launchFleet(opts: LaunchOptions): Promise<Fleet> {
  const { out, env } = opts;
  mkdirSync(opts.stateDir, { recursive: true });
  const takenPorts = new Set<number>();
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const { postgresUrl, embedded } = await provideDatabase(opts, takenPorts);
    if (embedded) {
      cleanups.push(async () => {
        await embedded.stop();
        say(out, 'PostgreSQL stopped');
      });
    }

    const members = await assignPorts(selectMembers(opts), takenPorts);
    for (const m of members) {
      if (m.movedFrom) say(out, `port ${m.movedFrom} is taken: ${m.name} listens on ${m.port} instead`);
    }
    for (const m of members) {
      if (m.database) await ensureDatabase(`${postgresUrl}/${m.database}`);
    }

    const supervisor = new Supervisor({
      logDir: path.join(opts.stateDir, 'logs'),
      echo: opts.verbose ? out : undefined,
      initialRestartDelayMs: opts.initialRestartDelayMs,
      isReady: (info) => isReady(info.url),
    });
    cleanups.unshift(() => supervisor.stopAll());

    const fleetSecrets = loadFleetSecrets(opts.stateDir);
    const supervisorToken = randomBytes(24).toString('base64url');
    const supervisorApi = members.some((m) => m.kind === 'watchdog')
      ? await startSupervisorApi(supervisor, { port: (await choosePort(8019, takenPorts)).port, token: supervisorToken })
      : null;
    if (supervisorApi) cleanups.unshift(() => supervisorApi.close());

    const observerConfigFile = writeObserverConfig(opts, members);
    const baseEnv = fleetEnv(env, members, discoverFleet(opts.root));
    for (const m of members) {
      const memberEnv: NodeJS.ProcessEnv = { ...baseEnv, PORT: String(m.port), HOST: '127.0.0.1' };
      if (m.database) memberEnv.DATABASE_URL = `${postgresUrl}/${m.database}`;
      if (m.name === 'hr') {
        Object.assign(memberEnv, {
          HR_DEMO_SEED: 'true',
          HR_DEMO_PASSWORD: fleetSecrets.demoPassword,
          AUTH_SERVICE_CLIENTS: SERVICE_CLIENTS.map((c) => `${c}:${fleetSecrets.clients[c]}`).join(','),
        });
      }
      const client = SERVICE_CLIENTS.find((c) => c === m.name);
      if (client) Object.assign(memberEnv, { AUTH_CLIENT_ID: client, AUTH_CLIENT_SECRET: fleetSecrets.clients[client] });
      if (m.kind === 'observer')
        Object.assign(memberEnv, { OBSERVER_CONFIG: observerConfigFile, OBSERVER_ADMIN_TOKEN: fleetSecrets.observerAdminToken });
      // Web Vitals: the browser opens every member on loopback, so the theme demo page reports to the observer's own address.
      const observer = members.find((x) => x.kind === 'observer');
      const theme = members.find((x) => x.name === 'theme');
      if (m.name === 'theme' && observer) memberEnv.OBSERVER_PUBLIC_URL ??= observer.url;
      if (m.kind === 'observer' && theme)
        memberEnv.OBSERVER_VITALS_ORIGINS ??= `${theme.url},${theme.url.replace('127.0.0.1', 'localhost')}`;
      if (m.kind === 'watchdog' && supervisorApi) {
        Object.assign(memberEnv, {
          WATCHDOG_DRIVER: 'process',
          SUPERVISOR_URL: supervisorApi.url,
          SUPERVISOR_TOKEN: supervisorToken,
          OBSERVER_ADMIN_TOKEN: fleetSecrets.observerAdminToken,
          WATCHDOG_ADMIN_TOKEN: fleetSecrets.watchdogAdminToken,
        });
      }
      supervisor.add({
        name: m.name,
        command: process.execPath,
        args: ['--import', 'tsx', m.entry],
        cwd: m.dir,
        env: memberEnv,
        url: m.url,
        labels: {
          'erp.service': m.name,
          ...(m.kind === 'service' ? { 'erp.watchdog.enable': 'true', 'erp.watchdog.start-period': '30s' } : {}),
        },
      });
    }

    let stopping = false;
    supervisor.on('state', (info: ProcessInfo) => {
      if (stopping && info.state === 'stopped') say(out, `${info.name} stopped`);
      if (info.state === 'crashed') say(out, `${info.name} exited (${info.lastExit?.signal ?? `code ${info.lastExit?.code}`}); restarting`);
      if (info.state === 'running' && info.restarts > 0) say(out, `${info.name} is back (restart #${info.restarts}, pid ${info.pid})`);
    });

    const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
    for (const m of members) {
      const notReady = await waitReady(supervisor, prerequisites(m, members), deadline);
      if (notReady.length) say(out, `starting ${m.name} although ${notReady.join(', ')} is not ready (see its log)`);
      supervisor.start(m.name);
    }
    const notReady = await waitReady(
      supervisor,
      members.map((m) => m.name),
      deadline,
    );
    if (notReady.length) say(out, `not ready in time: ${notReady.join(', ')} (see their logs)`);
    out.write('\n' + renderTable(await statusRows(supervisor, members)) + '\n');
    const observer = members.find((m) => m.kind === 'observer');
    if (observer) say(out, `observer dashboard: ${observer.url}/`);
    const hr = members.find((m) => m.name === 'hr');
    if (hr) {
      say(out, `demo login (admin, manager and employee @erp.example, password ${fleetSecrets.demoPassword}):`);
      out.write(
        `  curl -s -X POST ${hr.url}/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"admin@erp.example","password":"${fleetSecrets.demoPassword}"}'\n`,
      );
    }
    say(out, `admin tokens (observer, watchdog) and secrets: ${path.join(opts.stateDir, 'secrets.json')}`);
    say(out, `logs: ${path.join(opts.stateDir, 'logs')}; stop with Ctrl-C`);

    let stopped = false;
    return {
      supervisor,
      members,
      postgresUrl,
      supervisorApi,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        stopping = true;
        say(
          out,
          `stopping ${members
            .map((m) => m.name)
            .reverse()
            .join(', ')}${embedded ? ', then PostgreSQL' : ''}`,
        );
        for (const cleanup of cleanups) await cleanup();
      },
    };
  } catch (err) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw err;
  }
}

/** The PostgreSQL server to use: `DATABASE_URL` when set, else an embedded one under the state dir. */
export async function provideDatabase(
  opts: LaunchOptions,
  takenPorts: Set<number>,
): Promise<{ postgresUrl: string; embedded: EmbeddedPostgresHandle | null }> {
  if (opts.env.DATABASE_URL) {
    const url = new URL(opts.env.DATABASE_URL);
    url.pathname = '';
    return { postgresUrl: url.toString().replace(/\/$/, ''), embedded: null };
  }
  const { port, moved } = await choosePort(5432, takenPorts);
  if (moved) say(opts.out, `port 5432 is taken: embedded PostgreSQL listens on ${port}`);
  const embedded = await startEmbeddedPostgres(path.join(opts.stateDir, 'postgres'), port, (l) => say(opts.out, l), {
    logFile: path.join(opts.stateDir, 'logs', 'postgres.log'),
  });
  say(opts.out, `embedded PostgreSQL running on 127.0.0.1:${port}`);
  return { postgresUrl: embedded.url, embedded };
}

function selectMembers(opts: LaunchOptions): FleetMember[] {
  let members = startOrder(discoverFleet(opts.root));
  if (opts.mode === 'monitoring') members = members.filter((m) => m.kind !== 'service');
  if (opts.mode === 'benchmark') members = [];
  if (opts.only?.length) {
    const unknown = opts.only.filter((n) => !members.some((m) => m.name === n));
    if (unknown.length)
      throw new Error(`--only names no fleet member: ${unknown.join(', ')} (known: ${members.map((m) => m.name).join(', ')})`);
    members = members.filter((m) => opts.only?.includes(m.name));
  }
  return members;
}

async function assignPorts(members: FleetMember[], taken: Set<number>): Promise<RunningMember[]> {
  const running: RunningMember[] = [];
  for (const m of members) {
    const { port, moved } = await choosePort(m.defaultPort, taken);
    running.push({ ...m, port, url: `http://127.0.0.1:${port}`, ...(moved ? { movedFrom: m.defaultPort } : {}) });
  }
  return running;
}

/**
 * The environment every member shares: the launcher's own, plus `<NAME>_URL` for each member of the fleet — where it
 * runs now, or its default port when this launch leaves it out (`--only`), e.g. HR_URL for token checks.
 */
function fleetEnv(env: NodeJS.ProcessEnv, members: RunningMember[], everyone: FleetMember[]): NodeJS.ProcessEnv {
  const shared: NodeJS.ProcessEnv = { ...env };
  delete shared.DATABASE_URL;
  delete shared.PORT;
  for (const m of everyone) shared[`${m.name.toUpperCase()}_URL`] = `http://127.0.0.1:${m.defaultPort}`;
  for (const m of members) shared[`${m.name.toUpperCase()}_URL`] = m.url;
  return shared;
}

async function isReady(url: string | null): Promise<boolean> {
  if (!url) return true;
  const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1000) });
  await res.body?.cancel();
  return res.status === 200;
}

/** Waits until every named process runs or the deadline passes; returns those still not running. */
async function waitReady(supervisor: Supervisor, names: string[], deadline: number): Promise<string[]> {
  for (;;) {
    const pending = names.filter((n) => supervisor.get(n).state !== 'running');
    if (pending.length === 0 || Date.now() > deadline) return pending;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * What must be ready before a member starts: the services it declares, and every member of an earlier kind —
 * the observer starts once the services are up (no false alarms at start), the watchdog once the observer is.
 */
function prerequisites(member: RunningMember, members: RunningMember[]): string[] {
  const earlierKinds = members.filter((o) => kindRank[o.kind] < kindRank[member.kind]).map((o) => o.name);
  return [...new Set([...member.dependsOn.filter((d) => members.some((o) => o.name === d)), ...earlierKinds])];
}

async function statusRows(supervisor: Supervisor, members: RunningMember[]): Promise<StatusRow[]> {
  return Promise.all(
    members.map(async (m) => {
      const info = supervisor.get(m.name);
      let health: string = info.state;
      try {
        const res = await fetch(`${m.url}/health`, { signal: AbortSignal.timeout(2000) });
        const body = (await res.json()) as { status?: string };
        health = body.status ?? `http ${res.status}`;
      } catch {
        health = info.state === 'running' ? 'unreachable' : info.state;
      }
      return { name: m.name, url: m.url, health, pid: info.pid, note: m.movedFrom ? `default port ${m.movedFrom} was taken` : undefined };
    }),
  );
}
