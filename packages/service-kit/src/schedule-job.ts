import cron from 'node-cron';
import type { Logger } from './logger';
import type { Job } from './service-definition';

/** A piece of scheduled work: what it is called (for the log), when it runs, and what it does. */
export interface ScheduledWork {
  name: string;
  /** node-cron expression; six fields for seconds, e.g. `*\/10 * * * * *`. */
  schedule: string;
  logger: Logger;
  run: () => Promise<void>;
}

/**
 * Runs `work.run` on its node-cron schedule. Runs never overlap (a tick while one is running is skipped), a failure is
 * logged once and the next tick runs as usual, and `stop()` waits for a run in progress. Return it from `def.jobs`.
 */
export function scheduleJob(work: ScheduledWork): Job {
  if (!cron.validate(work.schedule)) throw new Error(`${work.name}: invalid cron expression ${JSON.stringify(work.schedule)}`);
  let running: Promise<void> | undefined;
  const task = cron.schedule(work.schedule, () => {
    if (running) return;
    running = work
      .run()
      .catch((error: unknown) => work.logger.error({ err: error, job: work.name }, `${work.name} failed`))
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
