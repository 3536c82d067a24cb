// A tiny service for the process-driver tests: serves /health from a file its start writes (unless `broken` exists).
import { existsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const dir = process.env.HEALTH_DIR;
const port = Number(process.env.PORT);
if (!process.env.NO_WRITE && !existsSync(path.join(dir, 'broken'))) writeFileSync(path.join(dir, 'health'), 'ok');

const server = http.createServer((req, res) => {
  if (req.url === '/live') return void res.end('live');
  const healthy = existsSync(path.join(dir, 'health'));
  res.writeHead(healthy ? 200 : 503).end(healthy ? 'ok' : 'down');
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  if (process.env.IGNORE_TERM) return;
  server.close();
  process.exit(0);
});
