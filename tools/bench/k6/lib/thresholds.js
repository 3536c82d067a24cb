/**
 * Turns the `k6` section of tools/bench/thresholds.json into k6 `options.thresholds`.
 * Plain JavaScript with no k6 import, so that k6 and Node (the bench tests) run the same code.
 */

/**
 * The k6 section of thresholds.json as this module reads it (anything may be missing or wrong: it is checked here).
 * @typedef {{ httpReqFailedMaxRate?: unknown, checksMinRate?: unknown, endpoints?: Record<string, { p95MaxMs?: unknown, p99MaxMs?: unknown, failedMaxRate?: unknown } | undefined> }} K6Section
 */

/**
 * Throws unless `value` is a number in (0, max].
 * @param {unknown} value
 * @param {string} where
 * @returns {number}
 */
function limit(value, where, max = Infinity) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(`thresholds.json: ${where} must be a number in (0, ${max}], got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * k6 thresholds for a script that tags its requests with the given `endpoint` values: the run's error and check rates,
 * and per endpoint p(95)/p(99) of `http_req_duration` and the rate of `http_req_failed`.
 * Throws, naming the endpoint, when the file has no limits for one of them (k6 then stops before sending anything).
 * @param {{ k6?: K6Section } | null | undefined} file the parsed thresholds.json
 * @param {string[]} endpoints
 * @returns {Record<string, string[]>}
 */
export function k6Thresholds(file, endpoints) {
  const k6 = file && file.k6;
  if (!k6 || typeof k6 !== 'object' || !k6.endpoints || typeof k6.endpoints !== 'object') {
    throw new Error('thresholds.json: no "k6" section with "endpoints"');
  }
  const failedRate = limit(k6.httpReqFailedMaxRate, 'k6.httpReqFailedMaxRate', 1);
  /** @type {Record<string, string[]>} */
  const thresholds = {
    http_req_failed: [`rate<${failedRate}`],
    checks: [`rate>${limit(k6.checksMinRate, 'k6.checksMinRate', 1)}`],
  };
  for (const endpoint of endpoints) {
    const limits = Object.prototype.hasOwnProperty.call(k6.endpoints, endpoint) ? k6.endpoints[endpoint] : undefined;
    if (!limits) throw new Error(`thresholds.json: k6.endpoints has no "${endpoint}" (the script tags requests with it)`);
    const where = `k6.endpoints["${endpoint}"]`;
    thresholds[`http_req_duration{endpoint:${endpoint}}`] = [
      `p(95)<${limit(limits.p95MaxMs, `${where}.p95MaxMs`)}`,
      `p(99)<${limit(limits.p99MaxMs, `${where}.p99MaxMs`)}`,
    ];
    const endpointFailedRate = limits.failedMaxRate === undefined ? failedRate : limit(limits.failedMaxRate, `${where}.failedMaxRate`, 1);
    thresholds[`http_req_failed{endpoint:${endpoint}}`] = [`rate<${endpointFailedRate}`];
  }
  return thresholds;
}
