import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

/** What to run for one supervised process. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Base URL the process serves, reported by the API. */
  url?: string;
  /** Labels a watchdog reads (e.g. erp.watchdog.enable). */
  labels?: Record<string, string>;
}

export type ProcessState = 'starting' | 'running' | 'stopped' | 'crashed';

/** What the supervisor reports about one process. */
export interface ProcessInfo {
  name: string;
  pid: number | null;
  state: ProcessState;
  startedAt: string | null;
  restarts: number;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
  url: string | null;
  labels: Record<string, string>;
}

/** Timings of the crash-restart policy and of graceful stops. */
export interface SupervisorOptions {
  /** Folder for one `<name>.log` per process (stdout and stderr). */
  logDir: string;
  /** First delay before restarting a crashed process; doubles up to maxRestartDelayMs. */
  initialRestartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** A process that ran this long without crashing gets its delay reset. */
  resetAfterMs?: number;
  /** How long a process may take to exit after SIGTERM before it gets SIGKILL. */
  stopTimeoutMs?: number;
  /** A process counts as running (not starting) once this resolves true; polled until it does. */
  isReady?: (info: ProcessInfo) => Promise<boolean>;
  /** Also copy each process's output to this stream, prefixed with its name. */
  echo?: NodeJS.WritableStream;
}

interface Entry {
  spec: ProcessSpec;
  child: ChildProcess | null;
  state: ProcessState;
  startedAt: number | null;
  restarts: number;
  delayMs: number;
  lastExit: ProcessInfo['lastExit'];
  wanted: boolean;
  restartTimer: NodeJS.Timeout | null;
  log: WriteStream;
  exited: Promise<void> | null;
}

/**
 * Runs the fleet's processes: restarts a crashed one with exponential backoff, stops them gracefully,
 * and lets a watchdog restart, kill or start one by name. Emits `state` (info) on every state change.
 */
export class Supervisor extends EventEmitter {
  private readonly entries = new Map<string, Entry>();
  private readonly opts: Required<Omit<SupervisorOptions, 'isReady' | 'echo'>> & Pick<SupervisorOptions, 'isReady' | 'echo'>;

  constructor(options: SupervisorOptions) {
    super();
    this.opts = { initialRestartDelayMs: 1000, maxRestartDelayMs: 30_000, resetAfterMs: 60_000, stopTimeoutMs: 10_000, ...options };
    mkdirSync(this.opts.logDir, { recursive: true });
  }

  /** Registers a process (not started yet). */
  add(spec: ProcessSpec): void {
    if (this.entries.has(spec.name)) throw new Error(`process ${spec.name} is already supervised`);
    const log = createWriteStream(path.join(this.opts.logDir, `${spec.name}.log`), { flags: 'a' });
    this.entries.set(spec.name, {
      spec,
      child: null,
      state: 'stopped',
      startedAt: null,
      restarts: 0,
      delayMs: this.opts.initialRestartDelayMs,
      lastExit: null,
      wanted: false,
      restartTimer: null,
      log,
      exited: null,
    });
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Every process, in the order they were added. */
  list(): ProcessInfo[] {
    return [...this.entries.values()].map((e) => this.info(e));
  }

  get(name: string): ProcessInfo {
    return this.info(this.entry(name));
  }

  /** Starts a stopped or crashed process; a running one is left as it is. */
  start(name: string): ProcessInfo {
    const e = this.entry(name);
    e.wanted = true;
    if (e.restartTimer) clearTimeout(e.restartTimer);
    e.restartTimer = null;
    if (!e.child) this.spawn(e);
    return this.info(e);
  }

  /** Stops a process gracefully (SIGTERM, then SIGKILL after the stop timeout); it stays stopped. */
  async stop(name: string): Promise<void> {
    const e = this.entry(name);
    e.wanted = false;
    if (e.restartTimer) clearTimeout(e.restartTimer);
    e.restartTimer = null;
    await this.terminate(e);
  }

  /** Graceful stop then start; counts as a restart. */
  async restart(name: string): Promise<ProcessInfo> {
    const e = this.entry(name);
    await this.stop(name);
    e.restarts += 1;
    return this.start(name);
  }

  /** SIGKILL now. The process stays wanted, so the crash policy starts it again. */
  kill(name: string): ProcessInfo {
    const e = this.entry(name);
    e.child?.kill('SIGKILL');
    return this.info(e);
  }

  /**
   * Stops everything one at a time, dependants first (the reverse of the order they were added, which is the start
   * order): each process has exited before the next is asked to stop, so nothing loses what it depends on mid-drain.
   */
  async stopAll(): Promise<void> {
    const names = [...this.entries.keys()].reverse();
    for (const name of names) this.entry(name).wanted = false;
    for (const name of names) await this.stop(name);
    await Promise.all([...this.entries.values()].map((e) => new Promise<void>((resolve) => e.log.end(resolve))));
  }

  private entry(name: string): Entry {
    const e = this.entries.get(name);
    if (!e) throw new Error(`no process named ${name}`);
    return e;
  }

  private info(e: Entry): ProcessInfo {
    return {
      name: e.spec.name,
      pid: e.child?.pid ?? null,
      state: e.state,
      startedAt: e.startedAt ? new Date(e.startedAt).toISOString() : null,
      restarts: e.restarts,
      lastExit: e.lastExit,
      url: e.spec.url ?? null,
      labels: e.spec.labels ?? {},
    };
  }

  private setState(e: Entry, state: ProcessState): void {
    if (e.state === state) return;
    e.state = state;
    this.emit('state', this.info(e));
  }

  private spawn(e: Entry): void {
    const child = spawn(e.spec.command, e.spec.args, { cwd: e.spec.cwd, env: e.spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    e.child = child;
    e.startedAt = Date.now();
    this.setState(e, 'starting');
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        e.log.write(chunk);
        if (this.opts.echo) this.opts.echo.write(prefixLines(e.spec.name, chunk));
      });
    }
    e.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        e.child = null;
        e.lastExit = { code, signal, at: new Date().toISOString() };
        this.emit('exit', { name: e.spec.name, code, signal });
        if (e.wanted) this.scheduleCrashRestart(e);
        else this.setState(e, 'stopped');
        resolve();
      });
    });
    child.once('error', (err) => e.log.write(`[launcher] could not start: ${err.message}\n`));
    void this.watchReadiness(e, child);
  }

  private async watchReadiness(e: Entry, child: ChildProcess): Promise<void> {
    if (!this.opts.isReady) {
      this.setState(e, 'running');
      return;
    }
    while (e.child === child && e.state === 'starting') {
      if (await this.opts.isReady(this.info(e)).catch(() => false)) {
        if (e.child === child) this.setState(e, 'running');
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private scheduleCrashRestart(e: Entry): void {
    const ranFor = e.startedAt ? Date.now() - e.startedAt : 0;
    if (ranFor >= this.opts.resetAfterMs) e.delayMs = this.opts.initialRestartDelayMs;
    const delay = e.delayMs;
    e.delayMs = Math.min(e.delayMs * 2, this.opts.maxRestartDelayMs);
    this.setState(e, 'crashed');
    e.restartTimer = setTimeout(() => {
      e.restartTimer = null;
      if (!e.wanted || e.child) return;
      e.restarts += 1;
      this.spawn(e);
    }, delay);
  }

  private async terminate(e: Entry): Promise<void> {
    const child = e.child;
    if (!child) {
      this.setState(e, 'stopped');
      return;
    }
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), this.opts.stopTimeoutMs);
    await e.exited;
    clearTimeout(killTimer);
  }
}

function prefixLines(name: string, chunk: Buffer): string {
  const text = chunk.toString('utf8');
  return text.replace(/^(?=.)/gm, `${name.padEnd(10)}| `);
}
