import { scheduleJob, type Job, type Logger } from '@erp/service-kit';
import { expireReservations } from '../domain/close-reservation.use-case';
import type { InventoryDeps } from '../domain/inventory-deps';

/** Schedules the release of reservations whose time ran out (ledger kind "expiry"); runs never overlap. */
export function startReservationExpiryJob(deps: InventoryDeps, options: { schedule: string; logger: Logger; clock: () => number }): Job {
  return scheduleJob({
    name: 'reservation expiry',
    schedule: options.schedule,
    logger: options.logger,
    run: async () => {
      const count = await expireReservations(deps, new Date(options.clock()));
      if (count > 0) options.logger.info({ count }, 'expired reservations released');
    },
  });
}
