import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { loadObserverConfig, ObserverConfigError } from './config-file';
import type { ObserverConfig } from './observer-config.schema';

/** What the API shows about the config in use. */
export interface ConfigStatus {
  path: string;
  loadedAt: string;
  targets: number;
  lastError: { at: string; problems: string[] } | null;
}

/**
 * Watches `observer_config.json` and hands each valid new version to `onChange`.
 * A broken file is refused (logged, visible in `status()`) while the last good config keeps running.
 */
export class ConfigWatcher {
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private current: ObserverConfig;
  private state: ConfigStatus;

  constructor(
    private readonly path: string,
    initial: ObserverConfig,
    private readonly onChange: (config: ObserverConfig) => void,
    private readonly logger: Logger,
    private readonly debounceMs = 200,
  ) {
    this.current = initial;
    this.state = { path, loadedAt: new Date().toISOString(), targets: initial.targets.length, lastError: null };
  }

  start(): void {
    const file = basename(this.path);
    // Watch the folder: editors and `mv` replace the file, which ends a watch on the file itself.
    this.watcher = watch(dirname(this.path), (_event, changed) => {
      if (changed === null || changed === file) this.schedule();
    });
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.debounce) clearTimeout(this.debounce);
  }

  config(): ObserverConfig {
    return this.current;
  }

  status(): ConfigStatus {
    return this.state;
  }

  /** Reads the file now; resolves to true when a new config was applied. */
  async reload(): Promise<boolean> {
    try {
      const next = await loadObserverConfig(this.path);
      this.current = next;
      this.state = { path: this.path, loadedAt: new Date().toISOString(), targets: next.targets.length, lastError: null };
      this.logger.info({ path: this.path, targets: next.targets.length }, 'observer config reloaded');
      this.onChange(next);
      return true;
    } catch (error) {
      const problems = error instanceof ObserverConfigError ? error.problems : [(error as Error).message];
      this.state = { ...this.state, lastError: { at: new Date().toISOString(), problems } };
      this.logger.error({ path: this.path, problems }, 'observer config refused; the last good config keeps running');
      return false;
    }
  }

  private schedule(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), this.debounceMs);
  }
}
