import { Writable } from 'node:stream';
import pino from 'pino';
import { buildCatalogService } from '@erp/catalog';
import { startService } from '@erp/service-kit';
import { createTestDatabase } from '@erp/testing';

/** A real catalog for another member's tests: its own fresh database, port 0, quiet logs. */
export interface TestCatalog {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const silent = pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

/**
 * Starts catalog in this process with its demo products (`CATALOG_SEED=true`). Its reads are public; without an
 * `HR_URL` in `env` its token verifier points at a closed port, so only reads work.
 */
export async function startTestCatalog(env: Record<string, string> = {}): Promise<TestCatalog> {
  const db = await createTestDatabase('catalog');
  const service = await startService({
    ...buildCatalogService({ DATABASE_URL: db.url, PORT: '0', CATALOG_SEED: 'true', HR_URL: 'http://127.0.0.1:9', ...env }),
    handleSignals: false,
    logger: silent,
  });
  return {
    url: service.url,
    port: service.port,
    async stop() {
      await service.stop();
      await db.drop();
    },
  };
}
