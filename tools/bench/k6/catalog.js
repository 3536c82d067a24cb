/* global open, __ENV, __VU, __ITER */
/**
 * Catalog reads against a running fleet: one product by id and by sku (cached reads) every iteration, a page of the
 * list every tenth. `k6 run tools/bench/k6/catalog.js` (CATALOG_URL, default http://127.0.0.1:8001).
 */
import { check, fail } from 'k6';
import http from 'k6/http';
import { jsonBody, serviceUrl, tagged } from './lib/fleet.js';
import { k6Thresholds } from './lib/thresholds.js';

const CATALOG = serviceUrl(__ENV, 'catalog');
const ENDPOINTS = ['setup', 'product', 'product-by-sku', 'products-list'];

/** @typedef {{ id: string, sku: string }} Product */
/** @typedef {{ items: Product[] }} ProductPage */
/** @typedef {{ products: Product[] }} SetupData */

export const options = {
  vus: 20,
  duration: '30s',
  thresholds: k6Thresholds(JSON.parse(open('../thresholds.json')), ENDPOINTS),
};

/**
 * A page of active products; `endpoint` is `setup` for the one cold request before the load (lenient limits).
 * @param {string} endpoint
 */
function listProducts(endpoint) {
  return http.get(`${CATALOG}/api/v1/products?active=true&limit=100`, tagged(endpoint, 'GET /api/v1/products'));
}

/**
 * The active products every VU reads.
 * @returns {SetupData}
 */
export function setup() {
  const res = listProducts('setup');
  if (res.status !== 200) fail(`GET ${CATALOG}/api/v1/products answered ${res.status}: is the catalog running?`);
  /** @type {ProductPage} */
  const page = jsonBody(res);
  const products = page.items.map((p) => ({ id: p.id, sku: p.sku }));
  if (products.length === 0) fail('the catalog has no active products (start it with CATALOG_SEED=true)');
  return { products };
}

/** @param {SetupData} data */
export default function (data) {
  const product = data.products[(__VU * 7 + __ITER) % data.products.length];
  if (!product) fail('setup returned no products');
  const byId = http.get(`${CATALOG}/api/v1/products/${product.id}`, tagged('product', 'GET /api/v1/products/{id}'));
  check(byId, { 'product: 200 with its sku': (r) => r.status === 200 && /** @type {Product} */ (jsonBody(r)).sku === product.sku });
  const bySku = http.get(
    `${CATALOG}/api/v1/products/by-sku/${encodeURIComponent(product.sku)}`,
    tagged('product-by-sku', 'GET /api/v1/products/by-sku/{sku}'),
  );
  check(bySku, { 'product by sku: 200 with its id': (r) => r.status === 200 && /** @type {Product} */ (jsonBody(r)).id === product.id });
  if (__ITER % 10 === 0) {
    check(listProducts('products-list'), {
      'products list: 200 with items': (r) => r.status === 200 && /** @type {ProductPage} */ (jsonBody(r)).items.length > 0,
    });
  }
}
