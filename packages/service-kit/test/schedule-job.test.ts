import { Writable } from 'node:stream';
import { waitFor } from '@erp/testing';
import { createLogger } from '../src/logger';
import { scheduleJob } from '../src/schedule-job';

/** A real pino logger whose lines the test can read. */
function capturedLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return {
    logger: createLogger({ name: 'jobs', level: 'info', destination }),
    lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('scheduleJob', () => {
  test('when a run outlasts the interval, then the ticks meanwhile are skipped (runs never overlap)', async () => {
    const { logger } = capturedLogger();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const job = scheduleJob({
      name: 'slow work',
      schedule: '* * * * * *',
      logger,
      run: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 2200));
        active -= 1;
        runs += 1;
      },
    });
    await waitFor(() => runs >= 2, { timeoutMs: 10_000 });
    await job.stop();
    expect(maxActive).toBe(1);
  });

  test('when a run fails, then it is logged once with the job name and the next tick runs again', async () => {
    const { logger, lines } = capturedLogger();
    let calls = 0;
    const job = scheduleJob({
      name: 'flaky work',
      schedule: '* * * * * *',
      logger,
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
      },
    });
    await waitFor(() => calls >= 2, { timeoutMs: 5000 });
    await job.stop();
    const errors = lines().filter((l) => l.msg === 'flaky work failed');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ job: 'flaky work', err: { message: 'boom' } });
  });

  test('when stopped during a run, then stop waits for it and nothing runs afterwards', async () => {
    const { logger } = capturedLogger();
    let finished = 0;
    let started = 0;
    const job = scheduleJob({
      name: 'work',
      schedule: '* * * * * *',
      logger,
      run: async () => {
        started += 1;
        await new Promise((r) => setTimeout(r, 300));
        finished += 1;
      },
    });
    await waitFor(() => started === 1, { timeoutMs: 5000 });
    await job.stop();
    expect(finished).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(started).toBe(1);
  });

  test('when scheduled every few milliseconds, then runs repeat without overlapping, a failure is logged, and stop waits for the run', async () => {
    const { logger, lines } = capturedLogger();
    let active = 0;
    let maxActive = 0;
    let started = 0;
    let finished = 0;
    const job = scheduleJob({
      name: 'fast work',
      schedule: { everyMs: 5 },
      logger,
      run: async () => {
        started += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 20));
        active -= 1;
        finished += 1;
        if (started === 1) throw new Error('first run fails');
      },
    });
    await waitFor(() => started >= 4, { timeoutMs: 5000 });
    await job.stop();
    const stoppedAt = started;
    expect(finished).toBe(started);
    expect(maxActive).toBe(1);
    expect(lines().filter((l) => l.msg === 'fast work failed')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toBe(stoppedAt);
  });

  test('when everyMs is not a positive whole number, then it throws naming the job', () => {
    const { logger } = capturedLogger();
    expect(() => scheduleJob({ name: 'bad', schedule: { everyMs: 0 }, logger, run: async () => undefined })).toThrow(
      'bad: everyMs must be',
    );
  });

  test('when the cron expression is invalid, then it throws naming the job', () => {
    const { logger } = capturedLogger();
    expect(() => scheduleJob({ name: 'bad', schedule: 'every minute', logger, run: async () => undefined })).toThrow(
      'bad: invalid cron expression "every minute"',
    );
  });
});
