/**
 * The InfluxDB layout Grafana dashboards are written against. Change with care.
 *
 * Retention policies: `raw` (default, `influx.rawRetention`), `rollup_1m` (`influx.rollup1mRetention`), `rollup_1h` (`influx.rollup1hRetention`).
 */
export const RP = { raw: 'raw', rollup1m: 'rollup_1m', rollup1h: 'rollup_1h' } as const;

/** Measurement names. */
export const M = {
  /** One point per poll. tags: service, kind (health|http), status (pass|warn|fail|none), state (UP|PENDING|DOWN|MAINTENANCE); fields: latency (ms), up (1 or 0), http_status (absent when nothing answered). Every field is a float. */
  probe: 'probe',
  /** One point per numeric check in a health report. tags: service, check (e.g. postgres:responseTime), component_type, status; fields: value (float, in the check's own unit). */
  check: 'check',
  /** A target changed state. tags: service, from, to; fields: root_cause (string, "" when none), value (1). */
  stateChange: 'state_change',
  /** A notification attempt. tags: kind (down|degraded|recovery|reminder|event|report), channel, outcome (sent|failed|muted|suppressed); fields: title (string), targets (string, comma-separated), value (1). */
  alert: 'alert',
  /** An event posted to POST /api/v1/events (e.g. a watchdog restart). tags: source, kind, target, severity; fields: message (string), value (1). */
  event: 'event',
  /** The observer's own vital signs, every 10 s. fields: targets, active_polls, buffered_points, dropped_points, written_points, cpu_percent, rss_bytes. */
  observer: 'observer',
  /** One point per Web Vitals value a dashboard page (or the theme demo page) reported. tags: page (e.g. /, /vitals.html, theme:/demo), metric (LCP|INP|CLS|FCP|TTFB), rating (good|needs-improvement|poor, judged by the observer); fields: value (float: ms, CLS unitless). */
  webVitals: 'web_vitals',
} as const;

/** Continuous queries: name, SELECT … INTO, and RESAMPLE clause. */
export function continuousQueries(db: string, resample1m: string): { name: string; query: string; resample: string }[] {
  const q = (rp: string, m: string) => `"${db}"."${rp}"."${m}"`;
  return [
    {
      name: 'cq_probe_1m',
      resample: `RESAMPLE EVERY ${resample1m} FOR 2m`,
      query: `SELECT mean("latency") AS "latency", percentile("latency", 50) AS "p50", percentile("latency", 95) AS "p95", percentile("latency", 99) AS "p99", max("latency") AS "max", mean("up") AS "up", count("latency") AS "samples" INTO ${q(RP.rollup1m, M.probe)} FROM ${q(RP.raw, M.probe)} GROUP BY time(1m), "service"`,
    },
    {
      name: 'cq_check_1m',
      resample: `RESAMPLE EVERY ${resample1m} FOR 2m`,
      query: `SELECT mean("value") AS "value", max("value") AS "max", percentile("value", 95) AS "p95" INTO ${q(RP.rollup1m, M.check)} FROM ${q(RP.raw, M.check)} GROUP BY time(1m), "service", "check"`,
    },
    {
      name: 'cq_probe_1h',
      resample: 'RESAMPLE EVERY 10m FOR 2h',
      query: `SELECT mean("latency") AS "latency", mean("p50") AS "p50", max("p95") AS "p95", max("p99") AS "p99", max("max") AS "max", mean("up") AS "up", sum("samples") AS "samples" INTO ${q(RP.rollup1h, M.probe)} FROM ${q(RP.rollup1m, M.probe)} GROUP BY time(1h), "service"`,
    },
    {
      name: 'cq_check_1h',
      resample: 'RESAMPLE EVERY 10m FOR 2h',
      query: `SELECT mean("value") AS "value", max("max") AS "max", max("p95") AS "p95" INTO ${q(RP.rollup1h, M.check)} FROM ${q(RP.rollup1m, M.check)} GROUP BY time(1h), "service", "check"`,
    },
  ];
}
