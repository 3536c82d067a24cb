import { scheduleJob, type Job } from '@erp/service-kit';
import type { Logger } from 'pino';
import type { ObserverConfig } from '../config/observer-config.schema';
import type { AlertMessage } from '../model/alert-message';
import { buildPerformanceReport, reportMessage, type PerformanceReport, type ReportInputs, type ReportPeriod } from './performance-report';

export interface ReportDeps {
  history: ReportInputs['history'];
  /** The targets as they are now (read-only, from the state stage). */
  services: () => ReportInputs['services'];
  incidentsBetween: ReportInputs['incidentsBetween'];
  /** Hands the report's message to the delivery stage; resolves once every channel is done with it. */
  deliver: (message: AlertMessage) => Promise<unknown>;
  dashboardUrl: () => string;
  logger: Logger;
}

/** The performance report: built on demand, sent on demand, and sent daily and weekly on the config's schedule. */
export class PerformanceReports {
  private tasks: Job[] = [];

  constructor(private readonly deps: ReportDeps) {}

  build(period: ReportPeriod): Promise<PerformanceReport> {
    return buildPerformanceReport(period, {
      history: this.deps.history,
      services: this.deps.services(),
      incidentsBetween: this.deps.incidentsBetween,
    });
  }

  /** Builds the report and sends it through every channel. */
  async send(period: ReportPeriod): Promise<PerformanceReport> {
    const report = await this.build(period);
    await this.deps.deliver(reportMessage(report, this.deps.dashboardUrl()));
    return report;
  }

  /** (Re)schedules the daily and weekly sends from the config (none when reports are off). */
  schedule(config: ObserverConfig): void {
    for (const task of this.tasks) void task.stop();
    this.tasks = [];
    if (!config.reports.enabled) return;
    for (const period of ['daily', 'weekly'] as const) {
      const run = async () =>
        void (await this.send(period).catch((error: unknown) =>
          this.deps.logger.error({ err: error, period }, 'performance report failed'),
        ));
      this.tasks.push(
        scheduleJob({
          name: `report-${period}`,
          schedule: config.reports[period],
          timezone: config.reports.timezone,
          logger: this.deps.logger,
          run,
        }),
      );
    }
  }

  async stop(): Promise<void> {
    for (const task of this.tasks) await task.stop();
    this.tasks = [];
  }
}
