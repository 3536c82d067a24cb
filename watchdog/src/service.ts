import { createServiceTokenSource, jwksUrlFromEnv } from '@erp/auth';
import type { ServiceContext, ServiceDefinition } from '@erp/service-kit';
import { loadWatchdogConfig, type WatchdogConfig } from './config';
import { ObserverClient, type ObserverCredentials } from './data-access/observer.client';
import { DecisionLoop, type DecisionLoopOptions } from './domain/decision-loop';
import { EventLog } from './domain/event-log';
import { RestartExecutor, type RestartExecutorOptions } from './domain/restart-executor';
import { RestartPolicy } from './domain/restart-policy';
import { WatchdogStatus } from './domain/watchdog-status';
import { driverRegistry } from './drivers/driver-registry';
import { createWatchdogTokenVerifier } from './entry-points/api/watchdog-auth';
import { watchdogRoutes } from './entry-points/api/watchdog.routes';

export { watchdogConfigShape } from './config';

/** `key=value` → the scope label; undefined → no scope. */
function parseScope(scope: string | undefined): { key: string; value: string } | null {
  if (!scope) return null;
  const at = scope.indexOf('=');
  return { key: scope.slice(0, at), value: scope.slice(at + 1) };
}

/**
 * How events are authorised at the observer: a service token of the watchdog's hr account when `HR_URL` and
 * `AUTH_CLIENT_SECRET` are set (renewed before it expires, and once more after a 401), else `OBSERVER_ADMIN_TOKEN`.
 */
function observerCredentials(config: WatchdogConfig): ObserverCredentials {
  const { HR_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET, OBSERVER_ADMIN_TOKEN } = config;
  if (HR_URL && AUTH_CLIENT_SECRET) {
    const tokens = createServiceTokenSource({
      hrUrl: HR_URL,
      clientId: AUTH_CLIENT_ID,
      clientSecret: AUTH_CLIENT_SECRET,
      timeoutMs: config.WATCHDOG_REQUEST_TIMEOUT_MS,
    });
    return {
      kind: `service account ${AUTH_CLIENT_ID}`,
      authorization: () => tokens.authorization(),
      invalidate: () => tokens.invalidate(),
    };
  }
  const header = OBSERVER_ADMIN_TOKEN ? `Bearer ${OBSERVER_ADMIN_TOKEN}` : undefined;
  return { kind: header ? 'OBSERVER_ADMIN_TOKEN' : 'none', authorization: () => Promise.resolve(header), invalidate: () => undefined };
}

/** What the watchdog's parts are built from: their options, less what the wiring supplies, and the whole policy. */
export type WatchdogWiring = Omit<DecisionLoopOptions, 'restarts' | 'policy'> &
  Omit<RestartExecutorOptions, 'checkBackEveryMs' | 'policy'> & { policy: RestartPolicy };

/** The watchdog's three parts, wired: the loop decides, the executor restarts, the view shows. */
export interface Watchdog {
  loop: DecisionLoop;
  executor: RestartExecutor;
  view: WatchdogStatus;
  start(): void;
  /** Stops judging, then waits for restarts already under way so no target is left half-restarted. */
  stop(): Promise<void>;
}

/**
 * The one place the decision loop, the restart executor and the status view meet: the loop hands restart decisions
 * to the executor, which reports back only through the policy and the event log; the view reads all of them.
 */
export function wireWatchdog(deps: WatchdogWiring): Watchdog {
  const { driver, verdicts, policy, events, clock, tickMs, dryRun } = deps;
  const executor = new RestartExecutor({
    driver,
    verdicts,
    policy,
    events,
    dryRun,
    restartTimeoutMs: deps.restartTimeoutMs,
    stopTimeoutMs: deps.stopTimeoutMs,
    checkBackEveryMs: Math.min(100, tickMs),
  });
  const loop = new DecisionLoop({ driver, verdicts, policy, events, restarts: executor, clock, tickMs });
  const view = new WatchdogStatus({ loop, driver, verdicts, policy, events, clock, dryRun });
  return {
    loop,
    executor,
    view,
    start: () => loop.start(),
    stop: async () => {
      await loop.stop();
      await executor.drain();
    },
  };
}

/** The running parts, created once the service context (logger, health) exists. */
interface Parts {
  watchdog: Watchdog;
  observer: ObserverClient;
  events: EventLog;
}

/** Builds the parts and registers the health checks: the driver's endpoint (required) and the observer (not required). */
function assemble(ctx: ServiceContext<WatchdogConfig>, clock: () => number): Parts {
  const { config, logger } = ctx;
  const driver = driverRegistry.create(config.WATCHDOG_DRIVER, {
    dockerHost: config.DOCKER_HOST,
    supervisorUrl: config.SUPERVISOR_URL,
    supervisorToken: config.SUPERVISOR_TOKEN,
    requestTimeoutMs: config.WATCHDOG_REQUEST_TIMEOUT_MS,
    scope: parseScope(config.WATCHDOG_SCOPE),
  });
  const credentials = observerCredentials(config);
  const observer = new ObserverClient({
    url: config.OBSERVER_URL,
    credentials,
    pollMs: config.WATCHDOG_OBSERVER_POLL_MS,
    staleMs: config.WATCHDOG_OBSERVER_STALE_MS,
    requestTimeoutMs: config.WATCHDOG_REQUEST_TIMEOUT_MS,
    queueLimit: config.WATCHDOG_EVENT_CAPACITY,
    clock,
    logger: logger.child({ component: 'observer-client' }),
  });
  if (credentials.kind === 'none')
    logger.warn('neither HR_URL with AUTH_CLIENT_SECRET nor OBSERVER_ADMIN_TOKEN is set: the observer will refuse the watchdog events');
  const events = new EventLog({
    capacity: config.WATCHDOG_EVENT_CAPACITY,
    dryRun: config.WATCHDOG_DRY_RUN,
    clock,
    logger: logger.child({ component: 'watchdog' }),
    sinks: [observer],
  });
  const policy = new RestartPolicy({
    backoffInitialMs: config.WATCHDOG_BACKOFF_INITIAL_MS,
    backoffMaxMs: config.WATCHDOG_BACKOFF_MAX_MS,
    backoffResetMs: config.WATCHDOG_BACKOFF_RESET_MS,
    giveUpAfter: config.WATCHDOG_GIVE_UP_AFTER,
    giveUpWindowMs: config.WATCHDOG_GIVE_UP_WINDOW_MS,
    budget: config.WATCHDOG_BUDGET,
    budgetWindowMs: config.WATCHDOG_BUDGET_WINDOW_MS,
    defaultStartPeriodMs: config.WATCHDOG_DEFAULT_START_PERIOD_MS,
  });
  const watchdog = wireWatchdog({
    driver,
    verdicts: observer,
    policy,
    events,
    clock,
    tickMs: config.WATCHDOG_TICK_MS,
    restartTimeoutMs: config.WATCHDOG_RESTART_TIMEOUT_MS,
    stopTimeoutMs: config.WATCHDOG_STOP_TIMEOUT_MS,
    dryRun: config.WATCHDOG_DRY_RUN,
  });

  ctx.health.addCheck({
    name: `${driver.name}:responseTime`,
    componentType: 'component',
    componentId: driver.endpoint,
    required: true,
    intervalMs: Math.max(1000, config.WATCHDOG_TICK_MS),
    timeoutMs: config.WATCHDOG_REQUEST_TIMEOUT_MS,
    run: () => driver.ping(),
  });
  ctx.health.addCheck({
    name: 'observer:reachability',
    componentType: 'component',
    componentId: config.OBSERVER_URL,
    required: false,
    intervalMs: Math.max(1000, config.WATCHDOG_TICK_MS),
    run: async () => {
      const snapshot = observer.snapshot();
      if (!snapshot.reachable) throw new Error(`${snapshot.error ?? 'no contact yet'}; deciding from ${driver.name}'s own health status`);
      return { observedValue: snapshot.streamConnected ? 'stream' : 'polling', observedUnit: 'mode' };
    },
  });
  return { watchdog, observer, events };
}

/** Reads the events of the watchdog's earlier runs back from the observer, which keeps them (the watchdog has no database). */
async function restoreEvents(
  observer: ObserverClient,
  events: EventLog,
  capacity: number,
  logger: ServiceContext<WatchdogConfig>['logger'],
): Promise<void> {
  if (!observer.snapshot().reachable) {
    logger.warn('observer unreachable at start: the events of earlier runs are not shown here (the observer still has them)');
    return;
  }
  const earlier = await observer.history(capacity);
  if (earlier) logger.info({ restored: events.restore(earlier) }, 'events of earlier runs read back from the observer');
}

export interface WatchdogServiceOptions {
  /** Clock for the policy and events (tests may pass their own); timers stay real. */
  clock?: () => number;
  logger?: ServiceDefinition['logger'];
  handleSignals?: boolean;
}

/** The watchdog as a service: `/api/v1/status`, `/api/v1/events`, clearing give-up marks; its loop runs as a job. */
export function buildWatchdogService(
  env: NodeJS.ProcessEnv = process.env,
  options: WatchdogServiceOptions = {},
): ServiceDefinition<WatchdogConfig> {
  const config = loadWatchdogConfig(env);
  const clock = options.clock ?? Date.now;
  let parts: Parts | undefined;
  const partsFor = (ctx: ServiceContext<WatchdogConfig>): Parts => (parts ??= assemble(ctx, clock));
  return {
    name: 'watchdog',
    version: '0.1.0',
    description:
      'Restarts unhealthy containers or processes on the observer verdict, with backoff, root-cause awareness and a fleet-wide budget.',
    config,
    logger: options.logger,
    handleSignals: options.handleSignals,
    routes: (ctx) => {
      const { view, loop } = partsFor(ctx).watchdog;
      return [watchdogRoutes({ view, clear: (name, by) => loop.clear(name, by) }, { eventsLimit: config.WATCHDOG_EVENT_CAPACITY })];
    },
    tokenVerifier: () =>
      createWatchdogTokenVerifier({
        adminToken: config.WATCHDOG_ADMIN_TOKEN,
        jwksUrl: jwksUrlFromEnv({ AUTH_JWKS_URL: config.AUTH_JWKS_URL, HR_URL: config.HR_URL }),
      }),
    jobs: (ctx) => {
      const { watchdog, observer, events } = partsFor(ctx);
      const starting = observer
        .start()
        .then(() => restoreEvents(observer, events, config.WATCHDOG_EVENT_CAPACITY, ctx.logger))
        .then(() => watchdog.start());
      return [
        {
          stop: async () => {
            await starting;
            await watchdog.stop();
            await observer.drain(config.WATCHDOG_REQUEST_TIMEOUT_MS);
            observer.stop();
          },
        },
      ];
    },
  };
}
