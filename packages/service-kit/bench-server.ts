import express from 'express';
import { z } from 'zod';
import { startService, defineConfig, baseConfigShape, ApiRouter } from './src';
const product = { id: '3f1c8d5e-7a4b-4c2d-9e8f-1a2b3c4d5e6f', sku: 'SKU-0001', name: 'Ergonomic Chair', description: 'A very comfortable office chair with lumbar support.', priceCents: 24999, currency: 'EUR', categoryId: 'a1b2c3d4-0000-4000-8000-000000000001', active: true, attributes: { color: 'black', weight: '12kg' } };
async function main() {
  const mode = process.argv[2];
  if (mode === 'bare') {
    const app = express();
    app.get('/api/v1/products/:id', (_req, res) => { res.json(product); });
    app.listen(7101, '127.0.0.1');
    return;
  }
  const config = defineConfig(baseConfigShape, { PORT: '7102', LOG_LEVEL: 'info', REDIS_URL: mode === 'redis' ? 'redis://127.0.0.1:6379' : '' });
  const api = new ApiRouter();
  api.route({ method: 'get', path: '/api/v1/products/{id}', params: z.object({ id: z.uuid() }), responses: { 200: z.object({}) } }, async ({ params }) => {
    const body = await ctx.cache.wrap(`product:${params.id}`, 60, async () => product, { tags: ['products'] });
    return { status: 200, body };
  });
  let ctx: { cache: import('./src').Cache };
  const svc = await startService({ name: 'bench', version: '0.0.1', config, routes: (c) => { ctx = c; return [api]; } });
  void svc;
}
void main();
