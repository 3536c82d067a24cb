/**
 * Preloaded (NODE_OPTIONS=--import) into the server children of `orders-cost.ts`: counts pg `Client#query` calls (one
 * round trip to PostgreSQL each: a parameterised or prepared query is one Parse/Bind/Execute/Sync exchange) and writes
 * the count to `$ORDERS_COST_DIR/pg-<pid>.json` on SIGUSR2.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
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
