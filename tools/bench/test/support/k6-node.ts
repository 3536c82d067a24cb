import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/** k6 cannot run on this machine: these helpers run the k6 scripts' own code in real Node (ES modules, as k6 loads them). */

const run = promisify(execFile);
export const K6_DIR = path.join(__dirname, '..', '..', 'k6');
const HARNESS = path.join(__dirname, 'k6-node');

/** k6 `options.thresholds`: metric (with tag selector) → expressions. */
export type K6Thresholds = Record<string, string[]>;

/**
 * Calls `k6Thresholds(file, endpoints)` from `k6/lib/thresholds.js` in a Node child (jest cannot import ES modules).
 * Resolves with the thresholds, or `{ error }` with the message it threw.
 */
export async function mapThresholds(file: unknown, endpoints: string[]): Promise<{ thresholds?: K6Thresholds; error?: string }> {
  const lib = pathToFileURL(path.join(K6_DIR, 'lib', 'thresholds.js')).href;
  const code = `
    import { k6Thresholds } from ${JSON.stringify(lib)};
    let input = '';
    process.stdin.on('data', (c) => (input += c)).on('end', () => {
      const { file, endpoints } = JSON.parse(input);
      let out;
      try { out = { thresholds: k6Thresholds(file, endpoints) }; } catch (error) { out = { error: error.message }; }
      process.stdout.write(JSON.stringify(out));
    });`;
  const child = run(process.execPath, ['--input-type=module', '-e', code]);
  child.child.stdin?.end(JSON.stringify({ file, endpoints }));
  return JSON.parse((await child).stdout) as { thresholds?: K6Thresholds; error?: string };
}

/** What one k6 script did when run in Node: its options, every request (with its tags and status), its checks. */
export interface ScriptRun {
  options: { thresholds: K6Thresholds; vus?: number; duration?: string };
  requests: Array<{ method: string; url: string; tags: Record<string, string>; status: number; error?: string }>;
  checks: Record<string, { passes: number; fails: number }>;
}

/**
 * Runs `k6/<script>` as `k6 run` would, without the load: init (`open`, `__ENV` = `env`), `setup()`, then the default
 * function for `vus` × `iterations`; `k6` and `k6/http` are stand-ins that send real HTTP requests.
 */
export async function runK6Script(script: string, env: Record<string, string>, vus = 1, iterations = 1): Promise<ScriptRun> {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      path.join(HARNESS, 'register.mjs'),
      path.join(HARNESS, 'run-script.mjs'),
      path.join(K6_DIR, script),
      String(vus),
      String(iterations),
    ],
    { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as ScriptRun;
}

const METRIC_TYPES: Record<string, 'trend' | 'rate' | 'counter' | 'gauge'> = {
  http_req_duration: 'trend',
  http_req_waiting: 'trend',
  iteration_duration: 'trend',
  http_req_failed: 'rate',
  checks: 'rate',
  http_reqs: 'counter',
  iterations: 'counter',
  vus: 'gauge',
};
const AGGREGATIONS: Record<string, RegExp> = {
  trend: /^(avg|min|max|med|p\((\d+(?:\.\d+)?)\))$/,
  rate: /^rate$/,
  counter: /^(count|rate)$/,
  gauge: /^value$/,
};

/**
 * Why `key: [expression]` is not a threshold k6 accepts (null when it is), after k6's threshold grammar:
 * `<metric>{<tag>:<value>}` and `<aggregation> <operator> <number>`, the aggregation one the metric's type has.
 */
export function k6ThresholdProblem(key: string, expression: string): string | null {
  const metric = /^([a-z_]+)(?:\{([A-Za-z0-9_]+):([^{}:,]+)\})?$/.exec(key);
  if (!metric) return `"${key}" is not <metric> or <metric>{<tag>:<value>}`;
  const type = METRIC_TYPES[metric[1] ?? ''];
  if (!type) return `"${metric[1]}" is not a built-in k6 metric`;
  const parts = /^(\S+)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)$/.exec(expression);
  if (!parts) return `"${expression}" is not <aggregation> <operator> <number>`;
  const aggregation = AGGREGATIONS[type]?.exec(parts[1] ?? '');
  if (!aggregation) return `"${parts[1]}" is not an aggregation of a ${type} metric (${key})`;
  if (aggregation[2] !== undefined && Number(aggregation[2]) > 100) return `percentile ${aggregation[2]} is above 100`;
  const value = Number(parts[3]);
  if (type === 'rate' && (value < 0 || value > 1)) return `a rate threshold compares with a number in [0, 1], got ${value}`;
  if (type === 'trend' && value <= 0) return `a latency threshold must be positive, got ${value}`;
  return null;
}
