/**
 * Preloaded (NODE_OPTIONS=--require) into the server children of `orders-cost.ts`: counts pg `Client#query` calls (one
 * round trip to PostgreSQL each: a parameterised or prepared query is one Parse/Bind/Execute/Sync exchange) and writes
 * the count to `$ORDERS_COST_DIR/pg-<pid>.json` on SIGUSR2.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const root = path.resolve(__dirname, '../../..');
const pg = createRequire(path.join(root, 'services/orders/package.json'))('pg');
let queries = 0;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  queries += 1;
  return original.apply(this, args);
};
process.on('SIGUSR2', () => {
  if (process.env.ORDERS_COST_DIR)
    fs.writeFileSync(path.join(process.env.ORDERS_COST_DIR, `pg-${process.pid}.json`), JSON.stringify({ queries }));
});
