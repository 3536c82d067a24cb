import Docker from 'dockerode';
import { OPT_IN_LABEL, SERVICE_LABEL, type DriverHealth, type RunState, type Target } from '../domain/target';
import type { DriverSettings, WatchdogDriver } from './driver';

/** Where dockerode connects for a DOCKER_HOST value (`unix:///path`, `tcp://host:port`, or a bare socket path). */
export function dockerConnection(dockerHost: string): Docker.DockerOptions {
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('tcp://') || dockerHost.startsWith('http://')) {
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return { protocol: 'http', host: url.hostname, port: Number(url.port || 2375) };
  }
  return { socketPath: dockerHost };
}

const STATES: Record<string, RunState> = {
  created: 'stopped',
  running: 'running',
  paused: 'paused',
  restarting: 'restarting',
  removing: 'stopped',
  exited: 'stopped',
  dead: 'crashed',
};
const HEALTH: Record<string, DriverHealth> = { starting: 'starting', healthy: 'healthy', unhealthy: 'unhealthy' };

/** Maps `docker inspect` to a target: name from label `erp.service` (else the container name), start period from the HEALTHCHECK. */
export function targetFromInspect(info: Docker.ContainerInspectInfo): Target {
  const labels = info.Config.Labels ?? {};
  const exitedBadly = info.State.Status === 'exited' && info.State.ExitCode !== 0;
  const startedAt = Date.parse(info.State.StartedAt);
  const startPeriodNs = info.Config.Healthcheck?.StartPeriod;
  return {
    id: info.Id,
    name: labels[SERVICE_LABEL] ?? info.Name.replace(/^\//, ''),
    labels,
    state: exitedBadly ? 'crashed' : (STATES[info.State.Status] ?? 'unknown'),
    health: HEALTH[info.State.Health?.Status ?? ''] ?? 'none',
    startedAt: Number.isFinite(startedAt) && startedAt > 0 ? startedAt : null,
    startPeriodMs: startPeriodNs ? Math.round(startPeriodNs / 1e6) : null,
  };
}

function statusCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number'
    ? error.statusCode
    : undefined;
}

/** Rejects after `ms` with a message naming what timed out. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What `docker ps` shows that changes whenever a container's state or health does (not its uptime text). */
function fingerprint(c: Docker.ContainerInfo): string {
  return `${c.State}|${/\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1] ?? ''}|${c.Created}`;
}

/** Re-inspect an unchanged container at least this often (a restart by someone else keeps state and health alike). */
const INSPECT_MAX_AGE_MS = 5000;

/** Heals containers through the Docker Engine API (compose, plain hosts). */
export class DockerDriver implements WatchdogDriver {
  readonly name = 'docker';
  private readonly docker: Docker;
  /** Last inspection per container, reused while `docker ps` shows no change: one list call per tick, few inspects. */
  private readonly inspected = new Map<string, { fingerprint: string; target: Target; at: number }>();

  constructor(
    readonly endpoint: string,
    private readonly requestTimeoutMs: number,
    private readonly scope: DriverSettings['scope'] = null,
  ) {
    this.docker = new Docker(dockerConnection(endpoint));
  }

  async list(): Promise<Target[]> {
    const label = [`${OPT_IN_LABEL}=true`, ...(this.scope ? [`${this.scope.key}=${this.scope.value}`] : [])];
    const containers = await withTimeout(
      this.docker.listContainers({ all: true, filters: { label } }),
      this.requestTimeoutMs,
      `the Docker engine at ${this.endpoint}`,
    );
    const now = Date.now();
    const targets = await Promise.all(
      containers.map((c) => {
        const cached = this.inspected.get(c.Id);
        const fresh = cached && cached.fingerprint === fingerprint(c) && now - cached.at < INSPECT_MAX_AGE_MS;
        return fresh ? cached.target : this.inspect(c.Id, fingerprint(c));
      }),
    );
    const listed = new Set(containers.map((c) => c.Id));
    for (const id of this.inspected.keys()) if (!listed.has(id)) this.inspected.delete(id);
    return targets.filter((t): t is Target => t !== null);
  }

  async inspect(id: string, listedAs?: string): Promise<Target | null> {
    try {
      const at = Date.now();
      const info = await withTimeout(
        this.docker.getContainer(id).inspect(),
        this.requestTimeoutMs,
        `the Docker engine at ${this.endpoint}`,
      );
      const target = targetFromInspect(info);
      // A direct inspect (no listing) invalidates the cache entry so the next listing looks again.
      if (listedAs === undefined) this.inspected.delete(id);
      else this.inspected.set(id, { fingerprint: listedAs, target, at });
      return target;
    } catch (error) {
      if (statusCode(error) === 404) return null;
      throw error;
    }
  }

  async restart(id: string, stopTimeoutMs: number): Promise<void> {
    await this.docker.getContainer(id).restart({ t: Math.ceil(stopTimeoutMs / 1000) });
  }

  async kill(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).kill();
    } catch (error) {
      if (statusCode(error) !== 409) throw error; // 409: not running
    }
  }

  async start(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (error) {
      if (statusCode(error) !== 304) throw error; // 304: already started
    }
  }

  async ping(): Promise<void> {
    try {
      await withTimeout(this.docker.ping(), this.requestTimeoutMs, `the Docker engine at ${this.endpoint}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot reach the Docker engine at ${this.endpoint}: ${reason}`);
    }
  }
}

/** Registry factory: DOCKER_HOST (or the default socket). */
export function createDockerDriver(settings: DriverSettings): WatchdogDriver {
  return new DockerDriver(settings.dockerHost, settings.requestTimeoutMs, settings.scope);
}
