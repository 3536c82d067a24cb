/**
 * What the compose test drives: a private Docker engine (scripts/compose/dockerd.sh), the third-party images
 * (scripts/compose/base-images.sh), the repository's docker-compose.yml through Compose v2 or docker-compose 1.29,
 * and the containers' state as the engine reports it.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

export const repoRoot = path.resolve(__dirname, '../..');
const here = path.join(repoRoot, 'scripts/compose');
export const cacheDir = process.env.ERP_COMPOSE_CACHE ?? path.join(os.homedir(), '.cache/erp-compose');

/** Runs a command; throws with its output when it fails (unless `allowFail`). */
export function run(cmd: string, args: string[], options: SpawnSyncOptions & { allowFail?: boolean } = {}): string {
  const result = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const out = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (!options.allowFail && result.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${out.slice(-4000)}`);
  return String(result.stdout ?? '');
}

/** Certificates this machine trusts beyond Node's own roots (a network that re-signs TLS); empty elsewhere. */
export function extraCaCerts(): string {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file || !existsSync(file)) return '';
  const normalise = (pem: string) => pem.replace(/\s+/g, '');
  const known = new Set(tls.rootCertificates.map(normalise));
  const pems = readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return pems.filter((pem) => !known.has(normalise(pem))).join('\n');
}

/** The private engine: started by dockerd.sh, removed with its data, networks and volumes by stop(). */
export class Engine {
  readonly host: string;
  readonly socket: string;

  private constructor(host: string) {
    this.host = host;
    this.socket = host.replace(/^unix:\/\//, '');
  }

  /** Starts (or reuses) the engine. */
  static start(): Engine {
    return new Engine(run('bash', [path.join(here, 'dockerd.sh'), 'start']).trim());
  }

  /** Environment for docker and compose commands that talk to this engine. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, DOCKER_HOST: this.host, ...extra };
  }

  /** `docker …` against this engine. */
  docker(args: string[], options: { allowFail?: boolean } = {}): string {
    return run('docker', args, { env: this.env(), ...options });
  }

  /** Stops the engine and deletes everything it had. */
  stop(): void {
    run('bash', [path.join(here, 'dockerd.sh'), 'stop'], { allowFail: true });
  }
}

/** One container of the project, as `docker inspect` reports it. */
export interface ContainerState {
  id: string;
  service: string;
  health: string;
  startedAt: string;
  running: boolean;
  /** The last health check's exit code and output. */
  lastCheck: string;
}

/** A Compose command line: v2 (`docker compose`, what users and GitHub's runners have) or Debian's docker-compose 1.29. */
export type ComposeCli = 'v2' | '1.29';

const COMPOSE_COMMAND: Record<ComposeCli, string[]> = { v2: ['docker', 'compose'], '1.29': ['docker-compose'] };

/** Whether that Compose is installed here. */
export function composeInstalled(cli: ComposeCli): boolean {
  const [cmd, ...args] = COMPOSE_COMMAND[cli] as [string, ...string[]];
  return spawnSync(cmd, [...args, 'version'], { encoding: 'utf8' }).status === 0;
}

/** The Compose the test drives: ERP_COMPOSE_CLI (v2 or 1.29) when set, else v2 when installed, else 1.29. */
export function chosenComposeCli(): ComposeCli {
  const wanted = process.env.ERP_COMPOSE_CLI;
  if (wanted === 'v2' || wanted === '1.29') return wanted;
  if (wanted) throw new Error(`ERP_COMPOSE_CLI=${wanted}: expected v2 or 1.29`);
  return composeInstalled('v2') ? 'v2' : '1.29';
}

/** The repository's docker-compose.yml as one project on the engine, through the given Compose. */
export class ComposeProject {
  private readonly base: string[];

  constructor(
    private readonly engine: Engine,
    readonly name: string,
    readonly envFile: string,
    overrides: string[] = [],
    readonly cli: ComposeCli = chosenComposeCli(),
  ) {
    const files = ['-f', path.join(repoRoot, 'docker-compose.yml'), ...overrides.flatMap((f) => ['-f', f])];
    this.base = [...COMPOSE_COMMAND[cli], '--project-directory', repoRoot, '--env-file', envFile, '-p', name, ...files];
  }

  /** `docker compose …` for this project. */
  compose(args: string[], options: { allowFail?: boolean; env?: Record<string, string> } = {}): string {
    const [cmd, ...rest] = this.base as [string, ...string[]];
    return run(cmd, [...rest, ...args], { env: this.engine.env(options.env), allowFail: options.allowFail });
  }

  /** Every container of the project. */
  containers(): ContainerState[] {
    const ids = this.engine
      .docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${this.name}`])
      .split('\n')
      .filter(Boolean);
    if (ids.length === 0) return [];
    const infos = JSON.parse(this.engine.docker(['inspect', ...ids])) as Array<{
      Id: string;
      Config: { Labels: Record<string, string> };
      State: { Running: boolean; StartedAt: string; Health?: { Status: string; Log?: Array<{ ExitCode: number; Output: string }> } };
    }>;
    return infos.map((c) => ({
      id: c.Id,
      service: c.Config.Labels['com.docker.compose.service'] ?? '?',
      health: c.State.Health?.Status ?? 'none',
      startedAt: c.State.StartedAt,
      running: c.State.Running,
      lastCheck: ((log) => (log ? `exit ${log.ExitCode} ${log.Output.trim().slice(0, 300)}` : '-'))(c.State.Health?.Log?.at(-1)),
    }));
  }

  /** The container of one service. */
  container(service: string): ContainerState {
    const found = this.containers().find((c) => c.service === service);
    if (!found) throw new Error(`no container for service ${service}`);
    return found;
  }

  /** `docker compose ps` and the last log lines of every container that is not healthy (of all, when all are), for a failure report. */
  diagnostics(): string {
    const all = this.containers();
    const sick = all.some((c) => c.health !== 'healthy') ? all.filter((c) => c.health !== 'healthy') : all;
    const logs = sick.map(
      (c) =>
        `--- ${c.service} (${c.health}, running ${c.running}, last check: ${c.lastCheck}) ---\n${this.compose(['logs', '--no-color', '--tail', '60', c.service], { allowFail: true })}`,
    );
    return [this.compose(['ps'], { allowFail: true }), ...logs].join('\n');
  }
}

/** Polls `probe` until it returns a value (not undefined); throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
  intervalMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}

/** JSON from a URL on 127.0.0.1; throws on a non-2xx answer or after 30 s (a loaded 2-core machine can take seconds). */
export async function getJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) }).catch((error: Error) => {
    throw new Error(`${init.method ?? 'GET'} ${url}: ${error.message}${error.cause ? ` (${String(error.cause)})` : ''}`);
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Key of the dependency layer's recipe: the Dockerfile, .dockerignore, the lockfile and every manifest. */
export function dependencyKey(): string {
  const manifests = run('git', ['ls-files', '-co', '--exclude-standard', 'package.json', '*/package.json', '*/*/package.json'])
    .split('\n')
    .filter(Boolean)
    .sort();
  const hash = createHash('sha256');
  for (const file of ['Dockerfile', '.dockerignore', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc', ...manifests])
    hash.update(file).update(readFileSync(path.join(repoRoot, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Writes a compose override that builds with the host's network (the private engine has no way out) and the extra CA.
 * With `cache_from` the classic builder looks nowhere else, so it names the dependency stage and every member image.
 */
export function writeBuildOverride(file: string, images: Record<string, string>, depsImage: string, extraCa: string): void {
  const build = {
    network: 'host',
    cache_from: [depsImage, ...Object.values(images)],
    args: extraCa ? { BUILD_EXTRA_CA_CERTS: extraCa } : {},
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ services: Object.fromEntries(Object.keys(images).map((s) => [s, { build }])) }, null, 2));
}

/** Seconds since `start`, one decimal. */
export function secondsSince(start: number): number {
  return Math.round((Date.now() - start) / 100) / 10;
}
