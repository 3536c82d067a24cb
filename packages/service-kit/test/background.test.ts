import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { startService } from '../src';
import { buildWidgetService } from './support/widget-service';

describe('background component (def.background)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('kit_background');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('when a service declares one, then it starts after seed and before the jobs, and stops after the jobs while the database is still open', async () => {
    const events: string[] = [];
    const service = await startService(buildWidgetService({ env: { DATABASE_URL: db.url }, events, background: true }));
    expect(events).toEqual(['seed saw 0 widgets', 'background started, saw 0 widgets', 'job started']);
    await service.stop();
    expect(events).toEqual([
      'seed saw 0 widgets',
      'background started, saw 0 widgets',
      'job started',
      'job stopped',
      'background stopped, database still open',
    ]);
    await expect(service.context.dataSource.query('SELECT 1')).rejects.toThrow();
  });

  it('when the start fails after the background started (the port is taken), then the background is stopped before the database closes', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const events: string[] = [];
    try {
      await expect(
        startService(buildWidgetService({ env: { DATABASE_URL: db.url, PORT: String(port) }, events, background: true })),
      ).rejects.toThrow(/EADDRINUSE/);
      expect(events).toEqual(['seed saw 0 widgets', 'background started, saw 0 widgets', 'background stopped, database still open']);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
