import { startService, type RunningService } from '@erp/service-kit';
import type { WatchdogConfig } from '../../src/config';
import { buildWatchdogService } from '../../src/service';
import type { WatchdogEvent } from '../../src/domain/watchdog-event';

export const OBSERVER_TOKEN = 'observer-admin-token-for-tests';
export const ADMIN_TOKEN = 'watchdog-admin-token-for-tests';

/** Small timings so the scenarios run in seconds; each test may override any variable. */
export const FAST_ENV: Record<string, string> = {
  PORT: '0',
  LOG_LEVEL: 'silent',
  OBSERVER_ADMIN_TOKEN: OBSERVER_TOKEN,
  WATCHDOG_ADMIN_TOKEN: ADMIN_TOKEN,
  WATCHDOG_TICK_MS: '200',
  WATCHDOG_OBSERVER_POLL_MS: '200',
  WATCHDOG_OBSERVER_STALE_MS: '1500',
  WATCHDOG_BACKOFF_INITIAL_MS: '400',
  WATCHDOG_BACKOFF_MAX_MS: '5000',
  WATCHDOG_BACKOFF_RESET_MS: '60000',
  WATCHDOG_GIVE_UP_AFTER: '3',
  WATCHDOG_GIVE_UP_WINDOW_MS: '60000',
  WATCHDOG_BUDGET: '10',
  WATCHDOG_BUDGET_WINDOW_MS: '60000',
  WATCHDOG_RESTART_TIMEOUT_MS: '15000',
  WATCHDOG_STOP_TIMEOUT_MS: '5000',
};

/** The watchdog service, started for real on port 0, read through its HTTP API. */
export class WatchdogHarness {
  private constructor(readonly service: RunningService<WatchdogConfig>) {}

  static async start(env: Record<string, string>): Promise<WatchdogHarness> {
    const service = await startService(buildWatchdogService({ ...FAST_ENV, ...env }, { handleSignals: false }));
    return new WatchdogHarness(service);
  }

  get url(): string {
    return this.service.url;
  }

  async events(query: Record<string, string> = {}): Promise<WatchdogEvent[]> {
    const response = await fetch(`${this.url}/api/v1/events?${new URLSearchParams({ limit: '1000', ...query })}`);
    if (!response.ok) throw new Error(`GET /api/v1/events answered ${response.status}`);
    return (await response.json()) as WatchdogEvent[];
  }

  async eventsFor(target: string, kind?: string): Promise<WatchdogEvent[]> {
    return this.events({ target, ...(kind ? { kind } : {}) });
  }

  async status(): Promise<StatusBody> {
    const response = await fetch(`${this.url}/api/v1/status`);
    return (await response.json()) as StatusBody;
  }

  stop(): Promise<void> {
    return this.service.stop();
  }
}

export interface StatusBody {
  dryRun: boolean;
  verdictSource: 'observer' | 'driver';
  driver: { name: string; available: boolean; error: string | null };
  targets: Array<{
    name: string;
    state: string;
    health: string;
    streak: number;
    gaveUp: { reason: string } | null;
    verdict: { state: string; source: string } | null;
  }>;
}
