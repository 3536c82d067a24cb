import cron from 'node-cron';
import type { DataSource } from 'typeorm';
import type { Logger } from '@erp/service-kit';
import { expireReservations } from '../domain/close-reservation.use-case';

/** Schedules the release of reservations whose time ran out (ledger kind "expiry"); runs never overlap. */
export function startReservationExpiryJob(dataSource: DataSource, options: { schedule: string; logger: Logger }): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const task = cron.schedule(options.schedule, () => {
    if (running) return;
    running = expireReservations(dataSource)
      .then((count) => {
        if (count > 0) options.logger.info({ count }, 'expired reservations released');
      })
      .catch((error: unknown) => options.logger.error({ err: error }, 'reservation expiry failed'))
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
