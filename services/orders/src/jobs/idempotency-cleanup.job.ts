import cron from 'node-cron';
import type { DataSource } from 'typeorm';
import type { Logger } from '@erp/service-kit';
import { deleteOldKeys } from '../data-access/idempotency.repository';

/** Deletes Idempotency-Keys older than the retention (at least 24 h) on a node-cron schedule. */
export function startIdempotencyCleanupJob(dataSource: DataSource, options: { schedule: string; retentionHours: number; logger: Logger }): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const task = cron.schedule(options.schedule, () => {
    if (running) return;
    running = deleteOldKeys(dataSource.manager, options.retentionHours)
      .then((count) => {
        if (count > 0) options.logger.info({ count }, 'old idempotency keys deleted');
      })
      .catch((error: unknown) => options.logger.error({ err: error }, 'idempotency key cleanup failed'))
      .finally(() => {
        running = undefined;
      });
  });
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
