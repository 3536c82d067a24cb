import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createTokenVerifier, jwksUrlFromEnv } from '@erp/auth';
import { HealthMonitor } from '@erp/health';
import type { DataSource } from 'typeorm';
import { createCache } from './cache/create-cache';
import type { Cache } from './cache/cache';
import { ConfigError, type BaseConfig } from './config';
import { createApp } from './create-app';
import { createDataSource, migrate } from './database';
import { PROBLEM_CONTENT_TYPE, problemOfStatus } from './errors/problem.middleware';
import { createHttpClient, type HttpClient } from './http-client';
import { createLogger, type Logger } from './logger';
import type { Job, RunningService, ServiceContext, ServiceDefinition } from './service-definition';

/** Closes what was opened so far, in reverse order, logging (not throwing) failures. */
async function closeAll(logger: Logger, closers: Array<[string, () => unknown]>): Promise<void> {
  for (const [what, close] of closers.reverse()) {
    try {
      await close();
    } catch (error) {
      logger.warn({ err: error }, `closing ${what} failed`);
    }
  }
}

/** Adds the datastore and downstream checks to `health`. */
function addDependencyChecks(
  health: HealthMonitor,
  ctx: { dataSource?: DataSource; cache: Cache; http: Record<string, HttpClient> },
  intervalMs?: number,
): void {
  const { dataSource, cache } = ctx;
  if (dataSource) {
    health.addCheck({
      name: 'postgres:responseTime',
      componentType: 'datastore',
      run: async () => void (await dataSource.query('SELECT 1')),
      intervalMs,
      required: true,
    });
  }
  if (cache.kind === 'redis') {
    // Not required: reads fall back to the database and invalidations are retried, so a Redis outage degrades (warn).
    health.addCheck({ name: 'redis:responseTime', componentType: 'datastore', run: () => cache.ping(), intervalMs, required: false });
  }
  for (const client of Object.values(ctx.http)) {
    const liveUrl = new URL('/health/live', client.baseURL).toString();
    health.addCheck({
      name: `${client.name}:responseTime`,
      componentType: 'component',
      componentId: client.baseURL,
      intervalMs,
      required: false,
      run: async (signal) => {
        const response = await fetch(liveUrl, { signal });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`GET ${liveUrl} answered ${response.status}`);
      },
    });
  }
}

/**
 * Starts a service: logger, data source (migrations run), cache, downstream clients, health checks, seed, background,
 * the Express app, listen on HOST:PORT, jobs; and graceful shutdown on SIGTERM/SIGINT (unless `handleSignals` is false).
 */
export async function startService<C extends BaseConfig>(def: ServiceDefinition<C>): Promise<RunningService<C>> {
  const { config } = def;
  const logger = def.logger ?? createLogger({ name: def.name, level: config.LOG_LEVEL });
  const closers: Array<[string, () => unknown]> = [];
  try {
    if (def.database && !config.DATABASE_URL) throw new ConfigError(['DATABASE_URL: is required (this service has a database)']);
    const clients: Record<string, HttpClient> = {};
    for (const [name, declared] of Object.entries(def.downstream ?? {})) {
      const { url: baseURL, ...options } = typeof declared === 'object' ? declared : { url: declared };
      if (!baseURL) throw new ConfigError([`${name.toUpperCase()}_URL: is required (base URL of the ${name} service)`]);
      clients[name] = createHttpClient({ ...options, name, baseURL, logger: logger.child({ component: 'http', dependency: name }) });
      closers.push([`${name} client`, () => clients[name]?.close()]);
    }

    let dataSource: DataSource | undefined;
    if (def.database && config.DATABASE_URL) {
      const ds = createDataSource({
        url: config.DATABASE_URL,
        entities: def.database.entities,
        migrations: def.database.migrations,
        poolMax: config.DATABASE_POOL_MAX ?? def.database.poolMax,
        logger,
        applicationName: def.name,
      });
      await ds.initialize();
      closers.push(['data source', () => ds.destroy()]);
      await migrate(ds);
      dataSource = ds;
    }

    const cache = createCache({ redisUrl: config.REDIS_URL, namespace: def.name, logger, maxEntries: def.cacheMaxEntries });
    closers.push(['cache', () => cache.close()]);

    const health = new HealthMonitor({
      serviceId: def.name,
      version: def.version,
      releaseId: config.RELEASE_ID,
      description: def.description,
      thresholds: def.health?.thresholds,
      logger: logger.child({ component: 'health' }),
    });
    addDependencyChecks(health, { dataSource, cache, http: clients }, def.health?.checkIntervalMs);
    health.start();
    closers.push(['health', () => health.stop()]);

    const context: ServiceContext<C> = {
      name: def.name,
      version: def.version,
      config,
      logger,
      get dataSource(): DataSource {
        if (!dataSource) throw new Error(`${def.name} declares no database`);
        return dataSource;
      },
      cache,
      http: clients,
      health,
    };

    if (def.seed) await def.seed(context);
    if (def.background) {
      const background = await def.background(context);
      // closers run in reverse: the background stops before health, cache, data source and clients close
      closers.push(['background', () => background.stop()]);
    }

    let draining = false;
    const routes = def.routes(context);
    const jwksUrl = jwksUrlFromEnv({ AUTH_JWKS_URL: config.AUTH_JWKS_URL, HR_URL: config.HR_URL });
    const verifier = def.tokenVerifier ? def.tokenVerifier(context) : jwksUrl ? createTokenVerifier({ jwksUrl }) : undefined;
    const app = createApp({
      name: def.name,
      version: def.version,
      description: def.description,
      logger,
      health,
      routes,
      bodyLimit: config.BODY_LIMIT,
      helmet: def.helmet,
      isDraining: () => draining,
      verifier,
      tokenSource: def.requestToken?.(context),
    });
    const server = createHttpServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    closers.push(['server', () => server.closeAllConnections()]);
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;

    const jobs: Job[] = def.jobs ? def.jobs(context) : [];
    health.setReady(true);
    logger.info({ url, cache: cache.kind, release: config.RELEASE_ID }, `${def.name} listening`);

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        logger.info('shutting down: readiness off, draining requests');
        health.setDraining();
        draining = true;
        if (config.SHUTDOWN_DELAY_MS > 0) await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DELAY_MS));
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), config.SHUTDOWN_TIMEOUT_MS);
        });
        const forced = await Promise.race([closed.then(() => false), timedOut]);
        clearInterval(sweep);
        clearTimeout(timer);
        if (forced) {
          logger.warn({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'in-flight requests did not finish in time; closing their connections');
          server.closeAllConnections();
        }
        await closeAll(
          logger,
          jobs.map((job, i): [string, () => unknown] => [`job ${i}`, () => job.stop()]),
        );
        await closeAll(
          logger,
          closers.filter(([what]) => what !== 'server'),
        );
        removeSignalHandlers();
        logger.info('stopped');
      })());

    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received');
      setTimeout(() => process.exit(1), config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_TIMEOUT_MS + 2000).unref();
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    const removeSignalHandlers = () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    };
    if (def.handleSignals !== false) {
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    }

    return { url, port, server, context, stop };
  } catch (error) {
    logger.fatal({ err: error }, `${def.name} failed to start`);
    await closeAll(logger, closers);
    throw error;
  }
}

/**
 * node:http server with timeouts that keep slow or idle clients from holding sockets forever, and problem+json answers
 * for what Node's parser refuses before Express sees a request.
 */
function createHttpServer(app: http.RequestListener): http.Server {
  const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, app);
  server.on('clientError', answerClientError);
  return server;
}

/**
 * Answers a request Node's HTTP parser refused — a URL or headers over its 16 KB limit (431), a request that took too
 * long (408), bytes that are not HTTP (400) — with a problem+json like every other refusal (Node's own reply has no
 * body), then closes the connection. Nothing is written once a response on that socket has started.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify(problemOfStatus(status).document);
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
