import { BEARER_TOKEN_PATTERN } from '@erp/auth';
import { baseConfigShape, defineConfig, envBoolean, envInteger, envUrl } from '@erp/service-kit';
import { z } from 'zod';
import { driverRegistry } from './drivers/driver-registry';

const ms = (min: number, fallback: number, doc: string) => envInteger(min, 86_400_000).default(fallback).describe(doc);

/** Every variable the watchdog reads: name, type, default and meaning. Validated at start. */
export const watchdogConfigShape = {
  ...baseConfigShape,
  WATCHDOG_DRIVER: z
    .string()
    .refine((name) => driverRegistry.names().includes(name), { error: `expected one of ${driverRegistry.names().join(', ')}` })
    .default('docker')
    .describe('how targets are seen and restarted: docker (Docker Engine API) or process (the launcher supervisor)'),
  DOCKER_HOST: z
    .string()
    .min(1)
    .default('unix:///var/run/docker.sock')
    .describe('Docker engine: unix:///path/to.sock or tcp://127.0.0.1:2375 (docker driver)'),
  SUPERVISOR_URL: envUrl('http:', 'https:').optional().describe("the launcher supervisor's API base URL (process driver)"),
  SUPERVISOR_TOKEN: z.string().min(1).optional().describe("bearer token of the supervisor's API (process driver)"),
  WATCHDOG_SCOPE: z
    .string()
    .regex(/^[A-Za-z0-9_./-]+=\S+$/, { error: 'expected label=value' })
    .optional()
    .describe('only watch targets that also carry this label (e.g. com.docker.compose.project=erp); unset → every opted-in target'),
  OBSERVER_URL: envUrl('http:', 'https:').default('http://127.0.0.1:8010').describe('where verdicts come from and events go'),
  OBSERVER_ADMIN_TOKEN: z.string().min(1).optional().describe('bearer token for POST /api/v1/events on the observer'),
  AUTH_CLIENT_ID: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .default('watchdog')
    .describe('service account of the watchdog at hr (the observer admits service:watchdog on POST /api/v1/events)'),
  AUTH_CLIENT_SECRET: z
    .string()
    .min(24)
    .max(200)
    .optional()
    .describe(
      'secret of that service account (at least 24 characters, as hr requires); with HR_URL set, events go to the observer with a service token instead of OBSERVER_ADMIN_TOKEN',
    ),
  WATCHDOG_ADMIN_TOKEN: z
    .string()
    .min(16, { error: 'expected at least 16 characters' })
    .regex(BEARER_TOKEN_PATTERN, { error: 'expected bearer-token characters (A-Z a-z 0-9 . _ ~ + / - and trailing =)' })
    .optional()
    .describe('bearer token for POST /api/v1/targets/{name}/clear; unset → clearing is disabled'),
  WATCHDOG_DRY_RUN: envBoolean().default(false).describe('decide and log, but restart nothing'),
  WATCHDOG_TICK_MS: ms(50, 1000, 'how often targets are listed and judged (verdict changes trigger a pass at once)'),
  WATCHDOG_OBSERVER_POLL_MS: ms(50, 2000, "how often the observer's /api/v1/services is polled (and the stream reconnected)"),
  WATCHDOG_OBSERVER_STALE_MS: ms(100, 10_000, "no contact with the observer this long → fall back to the driver's own health"),
  WATCHDOG_BACKOFF_INITIAL_MS: ms(0, 10_000, 'delay before the second restart of a streak (the first is immediate); doubles each time'),
  WATCHDOG_BACKOFF_MAX_MS: ms(0, 300_000, 'cap of the doubling delay'),
  WATCHDOG_BACKOFF_RESET_MS: ms(0, 600_000, 'healthy this long → the backoff starts over'),
  WATCHDOG_GIVE_UP_AFTER: envInteger(1, 1000)
    .default(5)
    .describe('restarts within WATCHDOG_GIVE_UP_WINDOW_MS after which the watchdog gives up on a target'),
  WATCHDOG_GIVE_UP_WINDOW_MS: ms(1, 1_800_000, 'window for WATCHDOG_GIVE_UP_AFTER'),
  WATCHDOG_BUDGET: envInteger(1, 10_000).default(5).describe('fleet-wide restarts allowed per WATCHDOG_BUDGET_WINDOW_MS'),
  WATCHDOG_BUDGET_WINDOW_MS: ms(1, 60_000, 'window of the fleet-wide restart budget'),
  WATCHDOG_RESTART_TIMEOUT_MS: ms(100, 30_000, 'a restart that does not bring the target back in this time is escalated to kill + start'),
  WATCHDOG_STOP_TIMEOUT_MS: ms(0, 10_000, 'grace between SIGTERM and SIGKILL during a restart'),
  WATCHDOG_DEFAULT_START_PERIOD_MS: ms(
    0,
    0,
    'start period for targets with neither the erp.watchdog.start-period label nor a HEALTHCHECK start period',
  ),
  WATCHDOG_REQUEST_TIMEOUT_MS: ms(100, 5000, 'timeout of one call to the Docker engine, supervisor or observer'),
  WATCHDOG_EVENT_CAPACITY: envInteger(10, 100_000)
    .default(1000)
    .describe('events kept in memory for /api/v1/events (the watchdog has no database)'),
};

export type WatchdogConfig = z.output<z.ZodObject<typeof watchdogConfigShape>>;

/** Parses the watchdog's environment; throws ConfigError naming every bad variable. */
export function loadWatchdogConfig(env: NodeJS.ProcessEnv = process.env): WatchdogConfig {
  return defineConfig(watchdogConfigShape, env, { defaultPort: 8011 });
}
