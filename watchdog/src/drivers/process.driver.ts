import { z } from 'zod';
import { OPT_IN_LABEL, SERVICE_LABEL, type RunState, type Target } from '../domain/target';
import type { DriverSettings, WatchdogDriver } from './driver';

/** One process as the launcher's supervisor reports it (`GET /api/v1/processes`). */
const processSchema = z.object({
  name: z.string().min(1),
  pid: z.number().int().nullable().optional(),
  state: z.enum(['starting', 'running', 'stopped', 'crashed']),
  startedAt: z.string().nullable().optional(),
  restarts: z.number().int().optional(),
  url: z.string().optional(),
  labels: z.record(z.string(), z.string()).default({}),
});
const processListSchema = z.array(processSchema);
type SupervisedProcess = z.infer<typeof processSchema>;

const STATES: Record<SupervisedProcess['state'], RunState> = {
  starting: 'starting',
  running: 'running',
  stopped: 'stopped',
  crashed: 'crashed',
};

/** Maps a supervised process to a target; the supervisor has no health of its own beyond running or not. */
export function targetFromProcess(process: SupervisedProcess): Target {
  const startedAt = process.startedAt ? Date.parse(process.startedAt) : NaN;
  return {
    id: process.name,
    name: process.labels[SERVICE_LABEL] ?? process.name,
    labels: process.labels,
    state: STATES[process.state],
    health: process.state === 'crashed' ? 'unhealthy' : process.state === 'starting' ? 'starting' : 'none',
    startedAt: Number.isFinite(startedAt) ? startedAt : null,
    startPeriodMs: null,
  };
}

/** Heals the local fleet of `pnpm start` through the launcher's supervisor API. */
export class ProcessDriver implements WatchdogDriver {
  readonly name = 'process';

  constructor(
    readonly endpoint: string,
    private readonly token: string | undefined,
    private readonly requestTimeoutMs: number,
    private readonly scope: DriverSettings['scope'] = null,
  ) {}

  async list(): Promise<Target[]> {
    const body = await this.call('GET', '/api/v1/processes');
    return processListSchema
      .parse(body)
      .filter((p) => p.labels[OPT_IN_LABEL] === 'true' && (!this.scope || p.labels[this.scope.key] === this.scope.value))
      .map(targetFromProcess);
  }

  async inspect(id: string): Promise<Target | null> {
    return (await this.list()).find((t) => t.id === id) ?? null;
  }

  /** The supervisor answers once its graceful stop is over, so the call may take the whole stop timeout. */
  async restart(id: string, stopTimeoutMs: number): Promise<void> {
    await this.call('POST', `/api/v1/processes/${encodeURIComponent(id)}/restart`, stopTimeoutMs + this.requestTimeoutMs);
  }

  async kill(id: string): Promise<void> {
    await this.call('POST', `/api/v1/processes/${encodeURIComponent(id)}/kill`);
  }

  async start(id: string): Promise<void> {
    await this.call('POST', `/api/v1/processes/${encodeURIComponent(id)}/start`);
  }

  async ping(): Promise<void> {
    await this.call('GET', '/api/v1/processes');
  }

  private async call(method: 'GET' | 'POST', path: string, timeoutMs = this.requestTimeoutMs): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.endpoint), {
        method,
        headers: { accept: 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new Error(`cannot reach the supervisor at ${this.endpoint}: ${reason}`);
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`supervisor ${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : null;
  }
}

/** Registry factory: SUPERVISOR_URL and SUPERVISOR_TOKEN. */
export function createProcessDriver(settings: DriverSettings): WatchdogDriver {
  if (!settings.supervisorUrl) throw new Error('SUPERVISOR_URL is required for the process driver');
  return new ProcessDriver(settings.supervisorUrl, settings.supervisorToken, settings.requestTimeoutMs, settings.scope);
}
