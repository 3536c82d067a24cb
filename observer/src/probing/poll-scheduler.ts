import { scheduleJob, type Job } from '@erp/service-kit';
import type { Logger } from 'pino';

/** One scheduled job: run every `intervalSeconds`. */
export interface PollJob {
  name: string;
  intervalSeconds: number;
  run: () => Promise<void>;
}

/**
 * Runs each job on its own whole-second interval from one tick per second (the kit's scheduleJob).
 * Jobs are spread over their interval by a stable phase (hash of the name), start up to `jitterMs` late at random,
 * never overlap themselves, and at most `concurrency` run at once (the rest queue in order).
 */
export class PollScheduler {
  private task: Job | null = null;
  private jobs = new Map<string, { job: PollJob; dueAt: number; running: boolean }>();
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private skipped = 0;
  private started = false;

  constructor(
    private readonly options: { concurrency: number; jitterMs: number },
    private readonly logger: Logger,
  ) {}

  /** Replaces the job set; jobs whose name and interval are unchanged keep their phase. */
  setJobs(jobs: PollJob[]): void {
    const now = currentSecond();
    const next = new Map<string, { job: PollJob; dueAt: number; running: boolean }>();
    for (const job of jobs) {
      const existing = this.jobs.get(job.name);
      const keep = existing && existing.job.intervalSeconds === job.intervalSeconds;
      next.set(job.name, {
        job,
        dueAt: keep ? existing.dueAt : now + (hash(job.name) % job.intervalSeconds),
        running: existing?.running ?? false,
      });
    }
    this.jobs = next;
  }

  setOptions(options: { concurrency: number; jitterMs: number }): void {
    Object.assign(this.options, options);
  }

  start(): void {
    if (this.task) return;
    this.started = true;
    this.tick();
    this.task = scheduleJob({ name: 'observer-polls', schedule: '* * * * * *', logger: this.logger, run: async () => this.tick() });
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.task) await this.task.stop();
    this.task = null;
    this.queue.length = 0;
  }

  /** Polls skipped because the previous poll of the same job was still running. */
  stats(): { jobs: number; active: number; queued: number; skipped: number } {
    return { jobs: this.jobs.size, active: this.active, queued: this.queue.length, skipped: this.skipped };
  }

  private tick(): void {
    const now = currentSecond();
    for (const entry of this.jobs.values()) {
      if (entry.dueAt > now) continue;
      entry.dueAt = now + entry.job.intervalSeconds;
      if (entry.running) {
        this.skipped += 1;
        continue;
      }
      entry.running = true;
      const delay = this.options.jitterMs > 0 ? Math.floor(Math.random() * this.options.jitterMs) : 0;
      const start = () => {
        if (!this.started) {
          entry.running = false;
          return;
        }
        void this.limit(entry.job).finally(() => (entry.running = false));
      };
      if (delay === 0) start();
      else setTimeout(start, delay).unref();
    }
  }

  private async limit(job: PollJob): Promise<void> {
    if (this.active >= this.options.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active += 1;
    try {
      await job.run();
    } catch (error) {
      this.logger.error({ err: error, job: job.name }, 'poll failed unexpectedly');
    } finally {
      this.active -= 1;
      this.queue.shift()?.();
    }
  }
}

function currentSecond(): number {
  return Math.floor(Date.now() / 1000);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
