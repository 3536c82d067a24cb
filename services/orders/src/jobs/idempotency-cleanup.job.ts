import { scheduleJob, type Job, type Logger } from '@erp/service-kit';
import { deleteOldKeys } from '../domain/idempotency';
import type { OrdersDeps } from '../domain/orders-deps';

/** Deletes Idempotency-Keys older than the retention (at least 24 h) on a node-cron schedule; runs never overlap. */
export function startIdempotencyCleanupJob(
  deps: Pick<OrdersDeps, 'idempotencyKeys'>,
  options: { schedule: string; retentionHours: number; logger: Logger },
): Job {
  return scheduleJob({
    name: 'idempotency key cleanup',
    schedule: options.schedule,
    logger: options.logger,
    run: async () => {
      const count = await deleteOldKeys(deps, options.retentionHours);
      if (count > 0) options.logger.info({ count }, 'old idempotency keys deleted');
    },
  });
}
