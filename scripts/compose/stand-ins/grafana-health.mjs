// Answers GET /api/health like Grafana does when its database is fine; everything else is 404. Not Grafana.
import http from 'node:http';
http
  .createServer((req, res) => {
    const ok = req.method === 'GET' && req.url === '/api/health';
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    res.end(ok ? JSON.stringify({ database: 'ok', version: 'stand-in' }) : '{}');
  })
  .listen(3000, '0.0.0.0');
process.on('SIGTERM', () => process.exit(0));
