import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** `tools/bench/thresholds.json`: the one file both `pnpm bench` and the k6 scripts read their goals from. */
export const DEFAULT_THRESHOLDS_FILE = path.join(__dirname, '..', 'thresholds.json');

const positive = z.number().positive();
const ratio = z.number().gt(0).lte(1);

/** Absolute limits for one k6 `endpoint` tag. */
const EndpointThresholds = z.strictObject({
  p95MaxMs: positive.describe('p(95) of http_req_duration{endpoint:…} must stay below this'),
  p99MaxMs: positive.describe('p(99) of http_req_duration{endpoint:…} must stay below this'),
  failedMaxRate: ratio.optional().describe('rate of http_req_failed{endpoint:…} must stay below this (default: the global rate)'),
});

/** The schema of thresholds.json; every number in it is a goal some check reads. */
export const ThresholdsSchema = z.strictObject({
  $comment: z.string().optional(),
  bench: z.strictObject({
    catalog: z.strictObject({
      cachedReadMinRatioToBareExpress: positive.describe(
        'cached product read: req/s at least this × a bare Express 5 app serving the same bytes',
      ),
      healthP99MaxRatioToBareNode: positive.describe('/health p99 at most this × the p99 of a bare node:http server in the same run'),
    }),
    orders: z.strictObject({
      confirmedOrdersMinPerSec: positive.describe(
        'confirmed (201) orders per second, end to end, with the clients placing orders flat out; also the arrival rate at which the p95 is measured',
      ),
      confirmedP95MaxMs: positive.describe('p95 latency of confirmed orders arriving at confirmedOrdersMinPerSec, in ms'),
      oversoldUnits: z.literal(0).describe('units sold beyond stock: an invariant, not a tunable'),
    }),
    observer: z.strictObject({
      targets: z.number().int().min(1).max(10_000).describe('simulated health targets polled at a 1 s interval'),
      cpuMaxPercentOfOneCore: positive.max(100).describe('observer CPU over the steady window, percent of one core'),
      rssMaxMegabytes: positive.describe("observer's resident memory (VmRSS) at the end of the steady window, in MB (2^20 bytes)"),
      alertMaxMs: z.number().int().positive().describe('a target starting to fail → its DOWN email at the SMTP server, worst trial, in ms'),
    }),
    dashboard: z.strictObject({
      targets: z.number().int().min(1).max(10_000).describe('targets the observer polls at a 1 s interval while the overview is open'),
      firstRenderMaxMs: positive.describe('overview: navigation start → every row painted (median of 3 loads), in ms'),
      mainThreadBusyMaxPercent: positive
        .max(100)
        .describe("overview: the page's main thread busy while the stream delivers every target's samples, percent of wall time"),
    }),
    watchdog: z.strictObject({
      verdictToRestartMaxMs: positive.describe('DOWN verdict → restart issued, worst case, in ms'),
    }),
  }),
  k6: z.strictObject({
    httpReqFailedMaxRate: ratio.describe('rate of http_req_failed over the whole run must stay below this'),
    checksMinRate: ratio.describe('rate of passed checks must stay above this'),
    endpoints: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'endpoint tags are lower-case kebab-case'), EndpointThresholds),
  }),
});

export type Thresholds = z.infer<typeof ThresholdsSchema>;
export type BenchGoals = Thresholds['bench'];

/**
 * Reads and validates a thresholds file (default: `BENCH_THRESHOLDS`, else {@link DEFAULT_THRESHOLDS_FILE}).
 * Throws an error naming the file and every bad field.
 */
export function loadThresholds(file = process.env.BENCH_THRESHOLDS ?? DEFAULT_THRESHOLDS_FILE): Thresholds {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`thresholds file ${file}: ${(error as { message?: string }).message ?? String(error)}`);
  }
  const parsed = ThresholdsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      // a bad record key carries the key schema's own complaint one level down
      const why =
        issue.code === 'invalid_key' ? `${issue.message}: ${issue.issues.map((inner) => inner.message).join('; ')}` : issue.message;
      return `${issue.path.join('.') || '(root)'}: ${why}`;
    });
    throw new Error(`thresholds file ${file} is invalid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** The goals `pnpm bench` checks, from the thresholds file. */
export function benchGoals(): BenchGoals {
  return loadThresholds().bench;
}
