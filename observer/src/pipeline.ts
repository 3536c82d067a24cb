import { scheduleJob, type Background, type Job } from '@erp/service-kit';
import type { IPoint } from 'influx';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AlertStage } from './alerting/alert-stage';
import { IncidentStage } from './alerting/incident-stage';
import { ConfigWatcher, type ConfigStatus } from './config/config-watcher';
import type { ObserverConfig } from './config/observer-config.schema';
import { ActivityRepository, pruneOldRows } from './data-access/activity.repository';
import { AlertRepository } from './data-access/alert.repository';
import { MuteRepository } from './data-access/mute.repository';
import { reloadMutes, type MuteDeps } from './domain/mutes.use-case';
import type { EventDeps } from './domain/record-event.use-case';
import { StateStage } from './domain/state-stage';
import { UptimeLedger } from './domain/uptime';
import { LiveStream } from './model/live-stream';
import { MuteRules } from './model/mute-rules';
import { WatchdogStates, type ReportedEvent } from './model/watchdog-states';
import { buildNotifiers, createAlertLog, DeliveryStage, type NotifierEnv } from './notifiers';
import { HttpProber } from './probing/http-prober';
import { PollScheduler } from './probing/poll-scheduler';
import { ProbeStage } from './probing/probe-stage';
import { PerformanceReports } from './reports/report-schedule';
import type { HistoryReader } from './storage/history-types';
import { InfluxHistory } from './storage/influx-history';
import { observerPoint } from './storage/influx-points';
import { InfluxStore, type InfluxStoreStats } from './storage/influx-store';
import { MemoryHistory } from './storage/memory-history';

export interface PipelineOptions extends NotifierEnv {
  configPath: string;
  config: ObserverConfig;
  influxUrl?: string;
  dataSource: DataSource;
  logger: Logger;
}

/** The observer's own state as GET /api/v1/observer shows it. */
export interface PipelineStatus {
  config: ConfigStatus;
  influx: ({ enabled: true } & InfluxStoreStats) | { enabled: false };
  history: HistoryReader['source'];
  channels: string[];
  openIncidents: number;
  alertsInFlight: number;
}

/** The running pipeline as the routes see it: the stages' views, the stores, the mute stage, the event log and the reports. */
export interface ObserverPipeline extends Background {
  /** The state stage's views of the targets. */
  readonly states: Pick<StateStage, 'services' | 'hasTarget'>;
  readonly stream: LiveStream;
  readonly memory: Pick<MemoryHistory, 'recentLatencies' | 'recentHeartbeats' | 'recentHeartbeatColumns' | 'latencyP95'>;
  /** What the watchdog reported doing about each target (restarts, backoff, gave up), from the event log. */
  readonly watchdog: Pick<WatchdogStates, 'view'>;
  readonly history: HistoryReader;
  /** Incidents and the alert log, to read. */
  readonly alerts: AlertRepository;
  /** The mute stage: silences and maintenance windows, written through its use-cases. */
  readonly mutes: MuteDeps;
  /** The event log, written through recordEvent. */
  readonly events: EventDeps & { activity: ActivityRepository };
  readonly reports: PerformanceReports;
  readonly influx: InfluxStore | null;
  /** The config in force (read-only: the public status page reads its `statusPage` block and target names). */
  config(): Readonly<ObserverConfig>;
  status(): PipelineStatus;
}

/**
 * Builds the one-way pipeline — probe → state → incident → alert → delivery — with its stores, restores what a previous
 * run left (uptime, open incidents, mutes), and starts it: polls, the one-second tick (maintenance windows, alert
 * timing, the observer's own metrics), the config watcher, the report schedule, the daily prune and the mute refresh.
 * Each stage gets the next one's input as a callback and the views it reads as query functions; nothing flows back.
 */
export async function startPipeline(options: PipelineOptions): Promise<ObserverPipeline> {
  const { config, dataSource } = options;
  const logger = options.logger;
  const alertsLogger = logger.child({ component: 'alerts' });
  const stream = new LiveStream();
  const alerts = new AlertRepository(dataSource);
  const activity = new ActivityRepository(dataSource);
  const mutes: MuteDeps = { muteRepo: new MuteRepository(dataSource), mutes: new MuteRules() };
  const memory = new MemoryHistory(config.history.samplesPerTarget);
  const influx = options.influxUrl ? new InfluxStore(options.influxUrl, config.influx, logger.child({ component: 'influx' })) : null;
  const history: HistoryReader = influx ? new InfluxHistory(influx.client) : memory;
  const writePoints = (points: IPoint[]) => influx?.write(points);
  const uptime = new UptimeLedger();
  let current = config;

  // Built from the last stage to the first: each stage's output is the next stage's input.
  const alertLog = createAlertLog({ repository: alerts, writePoints, stream });
  const delivery = new DeliveryStage(buildNotifiers(options, logger), config.alerting, alertLog, alertsLogger);
  const alerting = new AlertStage(config.alerting, (message) => void delivery.send(message));
  const states: StateStage = new StateStage({
    logger,
    memory,
    writePoints,
    uptime,
    activity,
    stream,
    inMaintenance: (target, labels, now) => mutes.mutes.maintenanceFor(target, labels, now) !== null,
    onChange: (change) => incidents.onChange(change),
  });
  const incidents = new IncidentStage(config.alerting, {
    lookup: (name) => states.view(name),
    mutedBy: (target, labels, now) => mutes.mutes.mutedBy(target, labels, now),
    store: alerts,
    stream,
    logDecision: alertLog,
    onNotice: (notice) => alerting.onNotice(notice),
    logger: alertsLogger,
  });
  const probes = new ProbeStage(new HttpProber(), new PollScheduler(config.scheduler, logger), (result) => states.onResult(result));

  const reports = new PerformanceReports({
    history,
    services: () => states.services(),
    incidentsBetween: (from, to) => alerts.incidentsBetween(from, to),
    deliver: (message) => delivery.send(message),
    dashboardUrl: () => current.alerting.dashboardUrl,
    logger,
  });
  const apply = (next: ObserverConfig) => {
    current = next;
    states.setTargets(next);
    probes.setTargets(next);
    incidents.setOptions(next.alerting);
    alerting.setOptions(next.alerting);
    delivery.setOptions(next.alerting);
    influx?.setOptions(next.influx);
    reports.schedule(next);
  };
  const watcher = new ConfigWatcher(options.configPath, config, apply, logger);

  for (const t of await activity.transitionsSince(new Date(Date.now() - 30 * 86_400_000)))
    uptime.record(t.target, t.toState as never, t.at.getTime());
  await incidents.restore();
  const watchdog = new WatchdogStates();
  // Restored before the routes exist (no event can be posted meanwhile), then kept up from the event stream.
  watchdog.restore(await activity.listEvents({ source: 'watchdog', limit: 5_000 }));
  stream.subscribe('event', (event) => watchdog.note(event as ReportedEvent));
  await reloadMutes(mutes);
  apply(watcher.config());
  probes.start();
  influx?.start();
  const selfMetrics = observerMetrics(
    () => states.count(),
    () => probes.activePolls(),
    influx,
  );
  const jobs: Job[] = [
    // Every second: maintenance windows in and out, alert timing, and (every 10 s) the observer's own metrics.
    scheduleJob({
      name: 'observer-tick',
      schedule: '* * * * * *',
      logger,
      run: async () => {
        const now = Date.now();
        states.checkMaintenance(now);
        incidents.tick(now);
        selfMetrics(now);
      },
    }),
    scheduleJob({ name: 'observer-prune', schedule: '0 17 3 * * *', timezone: 'UTC', logger, run: () => prune(dataSource, logger) }),
    // Silences and windows are also re-read every minute, in case another instance or a manual SQL change added some.
    scheduleJob({ name: 'observer-mute-refresh', schedule: { everyMs: 60_000 }, logger, run: () => reloadMutes(mutes) }),
  ];
  watcher.start();

  return {
    states,
    stream,
    memory,
    watchdog,
    history,
    alerts,
    mutes,
    events: {
      activity,
      writePoints,
      stream,
      isMuted: (target) => states.hasTarget(target) && mutes.mutes.mutedBy(target, states.labelsOf(target)) !== null,
      deliver: (message) => void delivery.send(message),
      dashboardUrl: () => current.alerting.dashboardUrl,
    },
    reports,
    influx,
    config: () => current,
    status: () => ({
      config: watcher.status(),
      influx: influx ? { enabled: true, ...influx.stats() } : { enabled: false },
      history: history.source,
      channels: delivery.channels(),
      openIncidents: incidents.openIncidents().length,
      alertsInFlight: incidents.inFlight() + delivery.inFlight(),
    }),
    /** Stops in pipeline order: nothing new comes in, then each stage finishes what it holds. */
    async stop() {
      watcher.stop();
      await reports.stop();
      await probes.stop();
      for (const job of jobs) await job.stop();
      await incidents.drain();
      await delivery.drain();
      await influx?.stop();
      probes.close();
      await delivery.close();
    },
  };
}

/** Daily: removes alert log, events, transitions, closed incidents and old mutes past their retention. */
async function prune(dataSource: DataSource, logger: Logger): Promise<void> {
  try {
    const deleted = await pruneOldRows(dataSource);
    logger.info({ deleted }, 'pruned old observer rows');
  } catch (error) {
    logger.error({ err: error }, 'pruning old observer rows failed');
  }
}

/** Called every second; every tenth call writes the observer's own `observer` point (targets, polls, buffer, CPU, RSS). */
function observerMetrics(targets: () => number, activePolls: () => number, influx: InfluxStore | null): (now: number) => void {
  let ticks = 0;
  let lastCpu = process.cpuUsage();
  let lastCpuAt = Date.now();
  return (now) => {
    ticks += 1;
    if (ticks % 10 !== 0 || !influx) return;
    const cpu = process.cpuUsage(lastCpu);
    const cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, now - lastCpuAt)) * 100;
    lastCpu = process.cpuUsage();
    lastCpuAt = now;
    influx.write([
      observerPoint(
        { targets: targets(), activePolls: activePolls(), stats: influx.stats(), cpuPercent, rss: process.memoryUsage.rss() },
        now,
      ),
    ]);
  };
}
