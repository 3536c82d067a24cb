import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Supervisor } from '@erp/launcher/src/supervisor';
import { startSupervisorApi } from '@erp/launcher/src/supervisor-api';
import { healthDir, healthSwitches, type Fleet, type Workload, type WorkloadSpec } from '@erp/harness/watchdog/workloads';
import { freePort } from '@erp/testing';

/** Real child processes (health-server.mjs) under the launcher's real Supervisor and its HTTP API. */
export async function supervisedFleet(): Promise<Fleet & { supervisor: Supervisor }> {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'erp-wd-logs-'));
  // The supervisor's own crash policy waits long, so what the tests see is the watchdog's doing.
  const supervisor = new Supervisor({
    logDir,
    initialRestartDelayMs: 120_000,
    maxRestartDelayMs: 120_000,
    stopTimeoutMs: 20_000,
    isReady: (info) => isLive(info.url),
  });
  const token = randomBytes(24).toString('base64url');
  const api = await startSupervisorApi(supervisor, { port: await freePort(), token });
  const disposers: Array<() => void> = [];

  const add = async (spec: WorkloadSpec): Promise<Workload> => {
    const port = await freePort();
    const dir = spec.healthOf?.dir ?? healthDir(spec.name);
    const switches = healthSwitches(dir);
    if (!spec.healthOf) disposers.push(switches.dispose);
    const labels: Record<string, string> = { 'erp.service': spec.name };
    if (spec.labelled !== false) labels['erp.watchdog.enable'] = 'true';
    if (spec.startPeriodMs) labels['erp.watchdog.start-period'] = `${spec.startPeriodMs}ms`;
    supervisor.add({
      name: spec.name,
      command: process.execPath,
      args: [path.join(__dirname, 'health-server.mjs')],
      cwd: __dirname,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HEALTH_DIR: dir,
        ...(spec.ignoreTerm ? { IGNORE_TERM: '1' } : {}),
        ...(spec.healthOf ? { NO_WRITE: '1' } : {}),
      },
      url: `http://127.0.0.1:${port}`,
      labels,
    });
    supervisor.start(spec.name);
    return {
      name: spec.name,
      healthUrl: `http://127.0.0.1:${port}/health`,
      dir,
      break: switches.break,
      breakForGood: switches.breakForGood,
      repair: switches.repair,
      crash: async () => {
        const { pid } = supervisor.get(spec.name);
        if (pid) process.kill(pid, 'SIGKILL');
      },
      startedAt: async () => {
        const { startedAt } = supervisor.get(spec.name);
        return startedAt ? Date.parse(startedAt) : null;
      },
    };
  };

  return {
    supervisor,
    driverName: 'process',
    driverEnv: { WATCHDOG_DRIVER: 'process', SUPERVISOR_URL: api.url, SUPERVISOR_TOKEN: token },
    add,
    failVisiblyToDriver: (w) => w.crash(),
    cleanup: async () => {
      await api.close();
      for (const info of supervisor.list()) supervisor.kill(info.name);
      await supervisor.stopAll();
      for (const dispose of disposers) dispose();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

async function isLive(url: string | null): Promise<boolean> {
  if (!url) return false;
  const response = await fetch(`${url}/live`, { signal: AbortSignal.timeout(500) });
  await response.arrayBuffer();
  return response.ok;
}
