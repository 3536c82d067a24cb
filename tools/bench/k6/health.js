/* global open, __ENV */
/**
 * The health endpoints of every fleet member (/health, /health/live, /health/ready), which the observer, the watchdog
 * and Kubernetes probes hit all day. `k6 run tools/bench/k6/health.js`; SERVICES=catalog,orders,… limits the
 * members (default: all of them); `<NAME>_URL` moves one.
 */
import { check } from 'k6';
import http from 'k6/http';
import { DEFAULT_PORTS, jsonBody, serviceUrl, tagged } from './lib/fleet.js';
import { k6Thresholds } from './lib/thresholds.js';

const SERVICES = (__ENV.SERVICES || Object.keys(DEFAULT_PORTS).join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const TARGETS = SERVICES.map((name) => ({ name, url: serviceUrl(__ENV, name) }));
const ENDPOINTS = ['health', 'health-live', 'health-ready'];

export const options = {
  vus: 10,
  duration: '30s',
  thresholds: k6Thresholds(JSON.parse(open('../thresholds.json')), ENDPOINTS),
};

export default function () {
  for (const target of TARGETS) {
    /** @type {(endpoint: string, path: string) => import('k6/http').Params} */
    const params = (endpoint, path) => tagged(endpoint, `GET ${path}`, { tags: { service: target.name } });
    const health = http.get(`${target.url}/health`, params('health', '/health'));
    check(health, {
      [`${target.name} /health: 200 application/health+json`]: (r) =>
        r.status === 200 && String(r.headers['Content-Type']).startsWith('application/health+json'),
      [`${target.name} /health: pass or warn`]: (r) => ['pass', 'warn'].includes(/** @type {{ status: string }} */ (jsonBody(r)).status),
    });
    check(http.get(`${target.url}/health/live`, params('health-live', '/health/live')), {
      [`${target.name} /health/live: 200`]: (r) => r.status === 200,
    });
    check(http.get(`${target.url}/health/ready`, params('health-ready', '/health/ready')), {
      [`${target.name} /health/ready: 200`]: (r) => r.status === 200,
    });
  }
}
