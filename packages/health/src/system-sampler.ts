import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

export interface SystemSample {
  /** CPU time of this process over the last interval, in percent of one core. */
  cpuPercent: number;
  /** Resident set size in bytes. */
  rssBytes: number;
  /** p99 event-loop delay over the last interval, in ms. */
  eventLoopDelayMs: number;
  /** ISO time of the sample. */
  time: string;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Samples CPU, memory and event-loop delay on a timer, so a report only reads the latest sample. */
export class SystemSampler {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private current: SystemSample;

  constructor(private readonly intervalMs: number) {
    // Until the first interval ends, CPU is the average since the process started.
    const cpu = this.lastCpu;
    this.current = {
      cpuPercent: round2(((cpu.user + cpu.system) / 1000 / Math.max(1, process.uptime() * 1000)) * 100),
      rssBytes: process.memoryUsage.rss(),
      eventLoopDelayMs: 0,
      time: new Date().toISOString(),
    };
  }

  get latest(): SystemSample {
    return this.current;
  }

  start(): void {
    if (this.timer) return;
    this.histogram.enable();
    this.lastCpu = process.cpuUsage();
    this.lastAt = performance.now();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram.disable();
  }

  private sample(): void {
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedMs = Math.max(1, now - this.lastAt);
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    const delayMs = this.histogram.count > 0 ? this.histogram.percentile(99) / 1e6 : 0;
    this.histogram.reset();
    this.current = {
      cpuPercent: round2(((cpu.user + cpu.system) / 1000 / elapsedMs) * 100),
      rssBytes: process.memoryUsage.rss(),
      eventLoopDelayMs: round2(delayMs),
      time: new Date().toISOString(),
    };
  }
}
