import { intervalSecondsOf, timeoutMsOf, type ObserverConfig, type TargetConfig } from '../config/observer-config.schema';
import type { ProbeResult } from '../model/target-types';
import type { HttpProber } from './http-prober';
import type { PollScheduler } from './poll-scheduler';

/** The first stage: polls every target on its schedule and hands each result on. */
export class ProbeStage {
  /** The targets as last configured; a poll whose target was removed or replaced meanwhile is dropped. */
  private targets = new Map<string, { target: TargetConfig; timeoutMs: number }>();

  constructor(
    private readonly prober: HttpProber,
    private readonly scheduler: PollScheduler,
    private readonly onResult: (result: ProbeResult) => void,
  ) {}

  /** Applies a (new) config: targets are added, updated (keeping their phase) or removed. */
  setTargets(config: ObserverConfig): void {
    this.targets = new Map(config.targets.map((target) => [target.name, { target, timeoutMs: timeoutMsOf(config, target) }]));
    this.scheduler.setOptions(config.scheduler);
    this.scheduler.setJobs(
      config.targets.map((t) => ({ name: t.name, intervalSeconds: intervalSecondsOf(config, t), run: () => this.poll(t.name) })),
    );
  }

  start(): void {
    this.scheduler.start();
  }

  /** Stops scheduling polls (polls in flight finish and are handed on). */
  async stop(): Promise<void> {
    await this.scheduler.stop();
  }

  /** Closes the prober's connections. */
  close(): void {
    this.prober.close();
  }

  activePolls(): number {
    return this.scheduler.stats().active;
  }

  /** Polls one target now and hands the result on. */
  async poll(name: string): Promise<void> {
    const entry = this.targets.get(name);
    if (!entry) return;
    const { target, timeoutMs } = entry;
    const result = await this.prober.probe({ name, url: target.url, kind: target.kind, timeoutMs, expectStatus: target.expectStatus });
    if (this.targets.get(name) !== entry) return; // removed or replaced while polling
    this.onResult(result);
  }
}
