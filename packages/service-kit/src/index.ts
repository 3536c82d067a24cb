export {
  defineConfig,
  baseConfigShape,
  ConfigError,
  envInteger,
  envBoolean,
  envCron,
  envUrl,
  type BaseConfig,
  type DefineConfigOptions,
} from './config';
export { createLogger, redactedPaths, type Logger, type LoggerOptions } from './logger';
export { currentRequestId, runWithRequestId, useRequestIdContext, installRequestContext, type RequestContext } from './request-context';
export * from './errors';
export {
  ApiRouter,
  type HttpMethod,
  type MountOptions,
  type RegisteredRoute,
  type RequestTokenSource,
  type ResponseSpec,
  type RouteHandler,
  type RouteInput,
  type RouteResult,
  type RouteSpec,
} from './api-router';
export { buildOpenApiDocument, type OpenApiOptions } from './openapi';
export { createDataSource, ensureDatabase, migrate, type DataSourceOptions } from './database';
export {
  PG_ERROR,
  isCheckViolation,
  isForeignKeyViolation,
  isPgError,
  isUniqueViolation,
  pgErrorOf,
  unlessDuplicate,
  updateReturning,
  type PgErrorInfo,
  type PgErrorKind,
} from './pg-errors';
export { preparedStatement, runPrepared, type PreparedStatement } from './prepared-statement';
export { createPublisher, subscribe, type Publisher, type Subscription, type SubscriptionHandlers } from './pubsub';
export { RawJson } from './raw-json';
export { Cache, type CacheStats, type WrapOptions } from './cache/cache';
export { createCache, type CacheOptions } from './cache/create-cache';
export { createHttpClient, type HttpClient, type HttpClientOptions, type CircuitStateName } from './http-client';
export { createApp, type AppOptions } from './create-app';
export { startService } from './start-service';
export { scheduleJob, type ScheduledWork } from './schedule-job';
export type { Background, Downstream, ServiceContext, ServiceDefinition, RunningService, Job } from './service-definition';
