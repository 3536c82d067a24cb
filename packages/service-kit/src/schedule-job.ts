import cron from 'node-cron';
import type { Logger } from './logger';
import type { Job } from './service-definition';

/** A piece of scheduled work: what it is called (for the log), when it runs, and what it does. */
export interface ScheduledWork {
  name: string;
  /** node-cron expression (six fields for seconds, e.g. `*\/10 * * * * *`), or `{ everyMs }`: the next run starts that long after the previous one ended (for sub-second periods). */
  schedule: string | { everyMs: number };
  /** IANA time zone the schedule is read in; the process's own when absent. */
  timezone?: string;
  logger: Logger;
  run: () => Promise<void>;
}

/**
 * Runs `work.run` on its node-cron schedule. Runs never overlap (a tick while one is running is skipped), a failure is
 * logged once and the next tick runs as usual, and `stop()` waits for a run in progress. Return it from `def.jobs`.
 */
export function scheduleJob(work: ScheduledWork): Job {
  const { schedule } = work;
  if (typeof schedule === 'object') return repeatEvery(work, schedule.everyMs);
  if (!cron.validate(schedule)) throw new Error(`${work.name}: invalid cron expression ${JSON.stringify(schedule)}`);
  let running: Promise<void> | undefined;
  const task = cron.schedule(
    schedule,
    () => {
      if (running) return;
      running = runLogged(work).finally(() => {
        running = undefined;
      });
    },
    work.timezone ? { timezone: work.timezone } : undefined,
  );
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}

/** Runs the work once; a failure is logged with the job's name, never thrown. */
function runLogged(work: ScheduledWork): Promise<void> {
  return work.run().catch((error: unknown) => work.logger.error({ err: error, job: work.name }, `${work.name} failed`));
}

/** Runs the work `everyMs` after the previous run ended, until stopped; `stop()` waits for a run in progress. */
function repeatEvery(work: ScheduledWork, everyMs: number): Job {
  if (!Number.isInteger(everyMs) || everyMs < 1)
    throw new Error(`${work.name}: everyMs must be a whole number of milliseconds ≥ 1, got ${everyMs}`);
  let stopped = false;
  let running: Promise<void> | undefined;
  const tick = () => {
    running = runLogged(work).finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(tick, everyMs);
    });
  };
  let timer = setTimeout(tick, everyMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
