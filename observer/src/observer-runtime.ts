import { scheduleJob, type Job } from '@erp/service-kit';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { IncidentStore } from './model/incident';
import { AlertEngine } from './alerting/alert-engine';
import { ConfigWatcher } from './config/config-watcher';
import type { ObserverConfig } from './config/observer-config.schema';
import { ActivityRepository, pruneOldRows } from './data-access/activity.repository';
import { AlertRepository } from './data-access/alert.repository';
import { MuteRepository } from './data-access/mute.repository';
import { MuteRules } from './model/mute-rules';
import { reloadMutes } from './domain/mutes.use-case';
import { Observer } from './domain/observer';
import { UptimeLedger } from './domain/uptime';
import { buildNotifiers, createAlertLog, DeliveryStage, type NotifierEnv, type NotifierRegistry } from './notifiers';
import { HttpProber } from './probing/http-prober';
import { PollScheduler } from './probing/poll-scheduler';
import { buildPerformanceReport, reportMessage, type PerformanceReport, type ReportPeriod } from './reports/performance-report';
import type { HistoryReader } from './storage/history-types';
import { InfluxHistory } from './storage/influx-history';
import { InfluxStore } from './storage/influx-store';
import { MemoryHistory } from './storage/memory-history';

export interface RuntimeOptions extends NotifierEnv {
  configPath: string;
  config: ObserverConfig;
  influxUrl?: string;
  dataSource: DataSource;
  logger: Logger;
}

/** Every part of the observer, wired together; `start()` begins polling, `stop()` ends everything in order. */
export class ObserverRuntime {
  readonly observer: Observer;
  readonly engine: AlertEngine;
  readonly alerts: AlertRepository;
  readonly muteRepo: MuteRepository;
  readonly activity: ActivityRepository;
  readonly mutes = new MuteRules();
  readonly memory: MemoryHistory;
  readonly influx: InfluxStore | null;
  readonly history: HistoryReader;
  readonly watcher: ConfigWatcher;
  readonly notifiers: NotifierRegistry;
  readonly delivery: DeliveryStage;
  private readonly uptime = new UptimeLedger();
  private readonly logger: Logger;
  private reportTasks: Job[] = [];
  private pruneTask: Job | null = null;
  private readonly dataSource: DataSource;
  private muteRefresh: NodeJS.Timeout | null = null;

  constructor(options: RuntimeOptions) {
    const { config, logger, dataSource } = options;
    this.logger = logger;
    this.dataSource = dataSource;
    this.alerts = new AlertRepository(dataSource);
    this.muteRepo = new MuteRepository(dataSource);
    this.activity = new ActivityRepository(dataSource);
    this.memory = new MemoryHistory(config.history.samplesPerTarget);
    this.influx = options.influxUrl ? new InfluxStore(options.influxUrl, config.influx, logger.child({ component: 'influx' })) : null;
    this.history = this.influx ? new InfluxHistory(this.influx.client) : this.memory;
    this.notifiers = buildNotifiers(options, logger);
    // The delivery stage writes every outcome to the alert log itself: PostgreSQL, InfluxDB, the live stream.
    const alertLog = createAlertLog({ repository: this.alerts, writePoints: (points) => this.observer.writePoints(points), stream: { publish: (type, data) => this.observer.events.emit(type, data) } });
    this.delivery = new DeliveryStage(this.notifiers, config.alerting, alertLog, logger.child({ component: 'alerts' }));
    const store: IncidentStore = {
      // the live stream says an incident changed only once it is stored, so a page that reloads its lists finds it
      saveIncident: async (incident) => {
        await this.alerts.saveIncident(incident);
        this.observer.events.emit('incident', { id: incident.id, kind: incident.kind, cause: incident.cause, startedAt: incident.startedAt.toISOString(), ended: incident.endedAt !== null });
      },
      openIncidents: () => this.alerts.openIncidents(),
    };
    this.engine = new AlertEngine(config.alerting, (name) => this.observer.view(name), this.mutes, this.delivery, store, alertLog, logger.child({ component: 'alerts' }));
    this.observer = new Observer({
      logger,
      prober: new HttpProber(),
      scheduler: new PollScheduler(config.scheduler, logger),
      memory: this.memory,
      influx: this.influx,
      engine: this.engine,
      mutes: this.mutes,
      uptime: this.uptime,
      activity: this.activity,
    });
    this.watcher = new ConfigWatcher(options.configPath, config, (next) => this.apply(next), logger);
  }

  /** Restores uptime, open incidents and mutes from PostgreSQL, then starts polling, watching the config and the report schedule. */
  async start(): Promise<void> {
    for (const t of await this.activity.transitionsSince(new Date(Date.now() - 30 * 86_400_000))) this.uptime.record(t.target, t.toState as never, t.at.getTime());
    await this.engine.restore();
    await reloadMutes(this);
    this.observer.applyConfig(this.watcher.config());
    this.scheduleReports(this.watcher.config());
    this.observer.start();
    this.watcher.start();
    this.pruneTask = scheduleJob({ name: 'observer-prune', schedule: '0 17 3 * * *', timezone: 'UTC', logger: this.logger, run: async () => void (await this.prune()) });
    // Silences and windows are also re-read every minute, in case another instance or a manual SQL change added some.
    this.muteRefresh = setInterval(() => void reloadMutes(this).catch((error: unknown) => this.logger.warn({ err: error }, 'refreshing silences failed')), 60_000);
    this.muteRefresh.unref();
  }

  async stop(): Promise<void> {
    this.watcher.stop();
    if (this.muteRefresh) clearInterval(this.muteRefresh);
    for (const task of this.reportTasks) await task.stop();
    if (this.pruneTask) await this.pruneTask.stop();
    await this.observer.stop();
    await this.delivery.close();
  }

  /** Daily: removes alert log, events, transitions, closed incidents and old mutes past their retention. */
  async prune(): Promise<Record<string, number>> {
    try {
      const deleted = await pruneOldRows(this.dataSource);
      this.logger.info({ deleted }, 'pruned old observer rows');
      return deleted;
    } catch (error) {
      this.logger.error({ err: error }, 'pruning old observer rows failed');
      return {};
    }
  }

  async report(period: ReportPeriod): Promise<PerformanceReport> {
    return buildPerformanceReport(period, {
      history: this.history,
      services: this.observer.services(),
      incidentsBetween: (from, to) => this.alerts.incidentsBetween(from, to),
    });
  }

  /** Builds the report and sends it through every channel. */
  async sendReport(period: ReportPeriod): Promise<PerformanceReport> {
    const report = await this.report(period);
    await this.engine.notify(reportMessage(report, this.watcher.config().alerting.dashboardUrl));
    return report;
  }

  private apply(config: ObserverConfig): void {
    this.observer.applyConfig(config);
    this.delivery.setOptions(config.alerting);
    this.scheduleReports(config);
  }

  private scheduleReports(config: ObserverConfig): void {
    for (const task of this.reportTasks) void task.stop();
    this.reportTasks = [];
    if (!config.reports.enabled) return;
    for (const period of ['daily', 'weekly'] as const) {
      const run = async () => void (await this.sendReport(period).catch((error: unknown) => this.logger.error({ err: error, period }, 'performance report failed')));
      this.reportTasks.push(scheduleJob({ name: `report-${period}`, schedule: config.reports[period], timezone: config.reports.timezone, logger: this.logger, run }));
    }
  }
}
