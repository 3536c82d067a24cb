/* global open, __ENV, __VU, __ITER */
/**
 * Order placement against a running fleet (orders → catalog prices → inventory reservation): every iteration places an
 * order of 1–3 demo skus under a fresh Idempotency-Key; every fifth sends the same request again and expects the stored
 * answer (same order, `Idempotent-Replayed: true`). Setup books a receipt so that stock does not run out: run it
 * against a test fleet. Setup logs in at hr (ERP_EMAIL, default manager@erp.example, and ERP_PASSWORD) and every
 * request carries the token. `ERP_PASSWORD=… k6 run tools/bench/k6/orders.js` (ORDERS_URL, CATALOG_URL,
 * INVENTORY_URL, HR_URL).
 */
import { check, fail } from 'k6';
import http from 'k6/http';
import { login } from './lib/auth.js';
import { jsonBody, serviceUrl, tagged } from './lib/fleet.js';
import { k6Thresholds } from './lib/thresholds.js';

const ORDERS = serviceUrl(__ENV, 'orders');
const CATALOG = serviceUrl(__ENV, 'catalog');
const INVENTORY = serviceUrl(__ENV, 'inventory');
const ENDPOINTS = ['setup', 'place-order', 'order-replay'];
const RESTOCK_UNITS = 100000;
const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** @typedef {{ auth: { Authorization: string }, skus: string[], runId: string }} SetupData */
/** @typedef {{ id: string, status: string }} Order */

export const options = {
  vus: 10,
  duration: '30s',
  thresholds: k6Thresholds(JSON.parse(open('../thresholds.json')), ENDPOINTS),
};

/**
 * The login, the skus to order (active catalog products) and a run id that keeps Idempotency-Keys unique across runs.
 * @returns {SetupData}
 */
export function setup() {
  const auth = login(__ENV);
  const list = http.get(`${CATALOG}/api/v1/products?active=true&limit=100`, tagged('setup', 'GET /api/v1/products'));
  if (list.status !== 200) fail(`GET ${CATALOG}/api/v1/products answered ${list.status}: is the catalog running?`);
  /** @type {{ items: Array<{ sku: string }> }} */
  const page = jsonBody(list);
  const skus = page.items.map((p) => p.sku);
  if (skus.length === 0) fail('the catalog has no active products (start it with CATALOG_SEED=true)');
  const receipt = http.post(
    `${INVENTORY}/api/v1/receipts`,
    JSON.stringify({ reference: 'k6 orders load test', lines: skus.map((sku) => ({ sku, quantity: RESTOCK_UNITS })) }),
    tagged('setup', 'POST /api/v1/receipts', { headers: { ...JSON_HEADERS, ...auth } }),
  );
  if (receipt.status !== 201) fail(`POST ${INVENTORY}/api/v1/receipts answered ${receipt.status}: ${receipt.body}`);
  return { auth, skus, runId: `${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}` };
}

/**
 * An order of 1–3 distinct skus, one unit each.
 * @param {string[]} skus
 * @param {number} n
 */
function orderBody(skus, n) {
  const count = 1 + (n % 3);
  const lines = [];
  for (let i = 0; i < count && i < skus.length; i += 1) lines.push({ sku: skus[(n * 7 + i) % skus.length], quantity: 1 });
  return JSON.stringify({ customerId: `k6-${__VU}`, lines });
}

/** @param {SetupData} data */
export default function (data) {
  const n = __VU * 100003 + __ITER;
  const body = orderBody(data.skus, n);
  /** @param {string} endpoint */
  const params = (endpoint) =>
    tagged(endpoint, 'POST /api/v1/orders', {
      headers: { ...JSON_HEADERS, ...data.auth, 'Idempotency-Key': `k6-${data.runId}-${__VU}-${__ITER}` },
    });
  const placed = http.post(`${ORDERS}/api/v1/orders`, body, params('place-order'));
  const confirmed = check(placed, {
    'place order: 201 confirmed': (r) => r.status === 201 && /** @type {Order} */ (jsonBody(r)).status === 'confirmed',
    'place order: Location of the new order': (r) =>
      r.status === 201 && r.headers['Location'] === `/api/v1/orders/${/** @type {Order} */ (jsonBody(r)).id}`,
  });
  if (confirmed && __ITER % 5 === 0) {
    const replay = http.post(`${ORDERS}/api/v1/orders`, body, params('order-replay'));
    check(replay, {
      'replay: 201 with the same order': (r) =>
        r.status === 201 && /** @type {Order} */ (jsonBody(r)).id === /** @type {Order} */ (jsonBody(placed)).id,
      'replay: Idempotent-Replayed': (r) => r.headers['Idempotent-Replayed'] === 'true',
    });
  }
}
