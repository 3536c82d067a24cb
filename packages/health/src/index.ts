export { HealthMonitor, type HealthMonitorOptions, type HealthLogger } from './health-monitor';
export type { CheckDefinition, CheckRunResult, DependencyResult } from './dependency-check';
export { parseHealthReport, healthReportSchema, type HealthReport, type HealthCheck, type ParseHealthResult } from './health-report.schema';
export { httpStatusFor, normalizeHealthStatus, type HealthStatus } from './health-status';
export { HEALTH_CONTENT_TYPE, type HealthHandler, type PreparedResponse } from './health.router';
export {
  defaultThresholds,
  healthThresholdsSchema,
  resolveThresholds,
  THRESHOLD_METRICS,
  type HealthThresholds,
  type HealthThresholdsInput,
  type Threshold,
  type ThresholdMetric,
} from './thresholds';
