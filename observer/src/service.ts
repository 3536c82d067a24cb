import 'reflect-metadata';
import { join } from 'node:path';
import { jwksUrlFromEnv } from '@erp/auth';
import { baseConfigShape, defineConfig, envUrl, type ServiceDefinition } from '@erp/service-kit';
import express from 'express';
import { z } from 'zod';
import { loadObserverConfig } from './config/config-file';
import { observerEntities } from './data-access/entities';
import { ObserverInit1764370000000 } from './data-access/migrations/1764370000000-observer-init';
import { eventsRoutes } from './entry-points/api/events.routes';
import { incidentsRoutes } from './entry-points/api/incidents.routes';
import { mutesRoutes } from './entry-points/api/mutes.routes';
import { BEARER_TOKEN_PATTERN } from '@erp/auth';
import { createObserverTokenVerifier } from './entry-points/api/observer-auth';
import { observerRoutes } from './entry-points/api/observer.routes';
import { servicesRoutes } from './entry-points/api/services.routes';
import { observerSession } from './entry-points/api/session.routes';
import { statusPageRoutes } from './entry-points/api/status-page.routes';
import { streamRoutes } from './entry-points/api/stream.routes';
import { vitalsEnvShape, vitalsRoutes } from './entry-points/api/vitals.routes';
import { targetDetailRoutes } from './entry-points/api/targets.routes';
import { themeRoutes } from './entry-points/api/theme.routes';
import { ThemeCache1764900000000 } from './data-access/migrations/1764900000000-theme-cache';
import { ThemeMirror } from './theme/theme-mirror';
import { startPipeline, type ObserverPipeline } from './pipeline';

/** The observer's environment (see README). */
export const observerConfigShape = {
  ...baseConfigShape,
  OBSERVER_CONFIG: z.string().min(1).describe('path of observer_config.json (targets, thresholds, dependencies, alerting, reports)'),
  INFLUX_URL: envUrl('http:', 'https:').optional().describe('InfluxDB 1.x, http://host:8086/<database>; unset → in-memory history only'),
  SMTP_URL: envUrl('smtp:', 'smtps:').optional().describe('SMTP server for alert email, e.g. smtp://127.0.0.1:1025'),
  ALERT_EMAIL_FROM: z.string().min(3).max(200).optional().describe('From: of alert email'),
  ALERT_EMAIL_TO: z.string().min(3).max(2000).optional().describe('comma-separated recipients of alert email'),
  SLACK_WEBHOOK_URL: envUrl('http:', 'https:').optional().describe('Slack incoming-webhook URL'),
  THEME_URL: envUrl('http:', 'https:')
    .optional()
    .describe(
      'theme service: the dashboard mirrors its tokens (last good copy kept, built-in tokens when it never answered) and the signed-in user theme preference; unset → built-in tokens, no preference',
    ),
  OBSERVER_ADMIN_TOKEN: z
    .string()
    .min(16, { error: 'expected at least 16 characters' })
    .max(256)
    .regex(BEARER_TOKEN_PATTERN, { error: 'expected only letters, digits and - . _ ~ + / (then = padding), as a bearer token carries' })
    .optional()
    .describe(
      'break-glass bearer token with the role admin for write routes (silences, maintenance, events, reports/send), next to hr tokens',
    ),
  ...vitalsEnvShape,
};

export type ObserverEnvConfig = z.output<z.ZodObject<typeof observerConfigShape>>;

const VERSION = '0.1.0';

/** The observer as a service: startService(buildObserverService()) runs it (main.ts, the launcher, tests). */
export function buildObserverService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition<ObserverEnvConfig> {
  const config = defineConfig(observerConfigShape, env, { defaultPort: 8010 });
  const jwksUrl = jwksUrlFromEnv({ AUTH_JWKS_URL: config.AUTH_JWKS_URL, HR_URL: config.HR_URL });
  const verifier = createObserverTokenVerifier({ adminToken: config.OBSERVER_ADMIN_TOKEN, jwksUrl });
  // The dashboard's sign-in (hr account, tokens in HttpOnly cookies); see entry-points/api/session.routes.ts.
  const session = observerSession({ hrUrl: config.HR_URL, themeUrl: config.THEME_URL, verifier });
  const theme = new ThemeMirror({ themeUrl: config.THEME_URL }); // the dashboard's tokens: src/theme/theme-mirror.ts
  // Set by `background`, which the kit runs before it builds the routes.
  let pipeline: ObserverPipeline | undefined;
  const started = (): ObserverPipeline => {
    if (!pipeline) throw new Error('the observer pipeline is not started');
    return pipeline;
  };
  return {
    name: 'observer',
    version: VERSION,
    description: 'Watches every ERP service, keeps history in InfluxDB, alerts by email and Slack; dashboard at /.',
    config,
    database: { entities: observerEntities, migrations: [ObserverInit1764370000000, ThemeCache1764900000000] },
    helmet: { contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'"], 'connect-src': ["'self'"] } } },
    background: async (ctx) => {
      if (!config.OBSERVER_ADMIN_TOKEN && !jwksUrl)
        ctx.logger.warn(
          'neither OBSERVER_ADMIN_TOKEN nor HR_URL is set: write routes (silences, maintenance, events, reports) are refused',
        );
      pipeline = await startPipeline({
        configPath: config.OBSERVER_CONFIG,
        config: await loadObserverConfig(config.OBSERVER_CONFIG),
        influxUrl: config.INFLUX_URL,
        SMTP_URL: config.SMTP_URL,
        ALERT_EMAIL_FROM: config.ALERT_EMAIL_FROM,
        ALERT_EMAIL_TO: config.ALERT_EMAIL_TO,
        SLACK_WEBHOOK_URL: config.SLACK_WEBHOOK_URL,
        dataSource: ctx.dataSource,
        logger: ctx.logger,
      });
      const influx = pipeline.influx;
      if (influx) {
        ctx.health.addCheck({
          name: 'influxdb:responseTime',
          componentType: 'datastore',
          required: false,
          run: async () => {
            const [ping] = await influx.client.ping(2_000);
            if (!ping?.online) throw new Error('InfluxDB does not answer /ping');
            return { output: `buffered ${influx.stats().buffered}, dropped ${influx.stats().dropped}` };
          },
        });
      }
      return pipeline;
    },
    // Writes accept hr tokens or the static admin token; the kit's default verifier knows only hr (see observer-auth.ts).
    tokenVerifier: () => verifier,
    // A signed-in dashboard's session cookie counts as a token too (bearer tokens win; writes need x-erp-csrf: 1).
    requestToken: () => session.tokenSource,
    jobs: (ctx) => [session, theme.start(ctx)],
    routes: (ctx) => {
      const views = started();
      return [
        servicesRoutes(views),
        streamRoutes(views),
        incidentsRoutes(views),
        mutesRoutes(views),
        eventsRoutes(views),
        observerRoutes(views),
        statusPageRoutes(views),
        ...vitalsRoutes(views, config),
        session.routes(ctx.logger),
        themeRoutes(theme),
        ...targetDetailRoutes(views),
        express.static(join(__dirname, 'entry-points', 'dashboard', 'public'), { index: 'index.html', maxAge: '5m' }),
      ];
    },
  };
}
