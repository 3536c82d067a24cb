import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { dockerConnection } from '@erp/watchdog/src/drivers/docker.driver';
import { freePort } from '@erp/testing';
import { healthDir, healthSwitches, type Fleet, type Workload, type WorkloadSpec } from './workloads';

/** Test image: FROM scratch + Debian's static busybox; httpd serves /www, the start writes /www/health unless /www/broken exists. */
export const TEST_IMAGE = 'erp-watchdog-test/busybox:1';
const ENTRYPOINT = [
  'if [ -z "$NO_WRITE" ] && [ ! -e /www/broken ]; then echo ok > /www/health; fi',
  'if [ -n "$IGNORE_TERM" ]; then trap "" TERM; else trap "exit 0" TERM; fi',
  '/bin/busybox httpd -f -p 127.0.0.1:$PORT -h /www & wait',
].join('\n');
const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
ENTRYPOINT ["/bin/busybox", "sh", "-c", ${JSON.stringify(ENTRYPOINT)}]
`;
const TEST_LABEL = 'erp.watchdog.test';

/**
 * Starts (or reuses) the private dockerd of scripts/start-dockerd.sh and returns its DOCKER_HOST.
 * A DOCKER_HOST already set in the environment wins (e.g. CI started the engine itself).
 */
export function ensureDockerd(): string {
  if (process.env.ERP_TEST_DOCKER_HOST) return process.env.ERP_TEST_DOCKER_HOST;
  const script = path.join(__dirname, '../../../../watchdog/scripts/start-dockerd.sh');
  return execFileSync(script, { encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1) ?? '';
}

/** Builds the busybox test image locally unless it exists (nothing is ever pulled). */
export async function ensureTestImage(docker: Docker): Promise<void> {
  try {
    await docker.getImage(TEST_IMAGE).inspect();
    return;
  } catch {
    // not built yet
  }
  const context = mkdtempSync(path.join(os.tmpdir(), 'erp-wd-image-'));
  try {
    copyFileSync('/bin/busybox', path.join(context, 'busybox'));
    writeFileSync(path.join(context, 'Dockerfile'), DOCKERFILE);
    const stream = await docker.buildImage({ context, src: ['Dockerfile', 'busybox'] }, { t: TEST_IMAGE });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, output: Array<{ error?: string }>) => {
        const failed = output?.find((o) => o.error);
        if (err || failed) reject(err ?? new Error(failed?.error));
        else resolve();
      }),
    );
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Removes every container a test run created (label erp.watchdog.test). */
export async function removeTestContainers(docker: Docker, run?: string): Promise<void> {
  const filters = { label: [run ? `${TEST_LABEL}=${run}` : TEST_LABEL] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/** Containers on the real engine, host networking, each httpd on its own loopback port. */
export async function dockerFleet(options: { healthIntervalMs?: number } = {}): Promise<Fleet & { docker: Docker }> {
  const dockerHost = ensureDockerd();
  const docker = new Docker(dockerConnection(dockerHost));
  await ensureTestImage(docker);
  const run = `${process.pid}-${Date.now()}`;
  const disposers: Array<() => void> = [];

  const add = async (spec: WorkloadSpec): Promise<Workload> => {
    const port = await freePort();
    const dir = spec.healthOf?.dir ?? healthDir(spec.name);
    const switches = healthSwitches(dir);
    if (!spec.healthOf) disposers.push(switches.dispose);
    const labels: Record<string, string> = { [TEST_LABEL]: run, 'erp.service': spec.name };
    if (spec.labelled !== false) labels['erp.watchdog.enable'] = 'true';
    const container = await docker.createContainer({
      name: `erp-wd-${spec.name}-${run}`,
      Image: TEST_IMAGE,
      Env: [`PORT=${port}`, ...(spec.ignoreTerm ? ['IGNORE_TERM=1'] : []), ...(spec.healthOf ? ['NO_WRITE=1'] : [])],
      Labels: labels,
      Healthcheck: {
        Test: ['CMD', '/bin/busybox', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${port}/health`],
        Interval: (options.healthIntervalMs ?? 250) * 1e6,
        Timeout: 1e9,
        Retries: 1,
        ...(spec.startPeriodMs ? { StartPeriod: spec.startPeriodMs * 1e6 } : {}),
      },
      HostConfig: { NetworkMode: 'host', Binds: [`${dir}:/www`] },
    });
    await container.start();
    return {
      name: spec.name,
      healthUrl: `http://127.0.0.1:${port}/health`,
      dir,
      break: switches.break,
      breakForGood: switches.breakForGood,
      repair: switches.repair,
      crash: async () => void (await container.kill()),
      startedAt: async () => Date.parse((await container.inspect()).State.StartedAt),
    };
  };

  return {
    docker,
    driverName: 'docker',
    // Scoped to this run's containers: test runs sharing the engine never heal each other's containers.
    driverEnv: { WATCHDOG_DRIVER: 'docker', DOCKER_HOST: dockerHost, WATCHDOG_SCOPE: `${TEST_LABEL}=${run}` },
    add,
    failVisiblyToDriver: async (w) => w.break(),
    cleanup: async () => {
      await removeTestContainers(docker, run);
      for (const dispose of disposers) dispose();
    },
  };
}
