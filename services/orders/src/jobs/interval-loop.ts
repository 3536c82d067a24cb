import type { Logger } from '@erp/service-kit';

/** Runs `task` every `intervalMs` (never overlapping) until stopped; stop waits for a running pass. */
export function startIntervalLoop(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running = task()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error, job: name }, 'background job failed'))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
