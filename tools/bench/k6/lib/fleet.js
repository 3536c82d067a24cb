/** Where the fleet's members listen (docs/architecture.md), and how requests are tagged. Plain JavaScript, like thresholds.js. */

/**
 * Default ports of `pnpm start`; `<NAME>_URL` overrides each.
 * @type {Record<string, number>}
 */
export const DEFAULT_PORTS = { catalog: 8001, orders: 8002, inventory: 8003, hr: 8004, theme: 8005, observer: 8010, watchdog: 8011 };

/**
 * Base URL of a fleet member from `env` (k6's `__ENV`): `<NAME>_URL`, else 127.0.0.1 at its default port.
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @returns {string}
 */
export function serviceUrl(env, name) {
  const given = env[`${name.toUpperCase()}_URL`];
  if (given) return given.replace(/\/+$/, '');
  if (!Object.prototype.hasOwnProperty.call(DEFAULT_PORTS, name)) throw new Error(`unknown fleet member "${name}"`);
  return `http://127.0.0.1:${DEFAULT_PORTS[name]}`;
}

/**
 * Request params that tag a request with its `endpoint` (the key of its thresholds) and a URL-free `name`
 * (so that ids in paths do not make a time series each).
 * @param {string} endpoint
 * @param {string} name
 * @param {import('k6/http').Params} [params]
 * @returns {import('k6/http').Params}
 */
export function tagged(endpoint, name, params = {}) {
  return { ...params, tags: { ...params.tags, endpoint, name } };
}

/**
 * A response's JSON body, as the type the caller declares (k6 types `res.json()` as any JSON value, or null).
 * Declare the type on the variable that receives it (a JSDoc type annotation).
 * @template T
 * @param {{ json(): unknown }} res
 * @returns {T}
 */
export function jsonBody(res) {
  return /** @type {T} */ (res.json());
}
