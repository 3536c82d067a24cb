import type { DataSource } from 'typeorm';
import { scheduleJob, type Job, type Logger } from '@erp/service-kit';
import { expireReservations } from '../domain/close-reservation.use-case';

/** Schedules the release of reservations whose time ran out (ledger kind "expiry"); runs never overlap. */
export function startReservationExpiryJob(dataSource: DataSource, options: { schedule: string; logger: Logger; clock: () => number }): Job {
  return scheduleJob({
    name: 'reservation expiry',
    schedule: options.schedule,
    logger: options.logger,
    run: async () => {
      const count = await expireReservations(dataSource, new Date(options.clock()));
      if (count > 0) options.logger.info({ count }, 'expired reservations released');
    },
  });
}
