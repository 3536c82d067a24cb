import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AlertItem } from '../model/alert-message';
import { incidentStreamEvent, type AffectedTarget, type AlertLogWriter, type Incident, type IncidentStore } from '../model/incident';
import type { LiveStream } from '../model/live-stream';
import type { IncidentNotice, NoticeSink, ProblemSection } from '../model/notice';
import type { TargetChange, TargetLookup, TargetState } from '../model/target-types';
import { ProblemGroup, type Member } from './grouping';
import { endedItemFor, itemFor, recoveredItemFor } from './incident-items';
import { OpenIncidents } from './open-incidents';

export interface IncidentOptions {
  groupWindowSeconds: number;
  reminderIntervalSeconds: number;
}

export interface IncidentStageDeps {
  /** The current view of a target (read-only, from the state stage). */
  lookup: TargetLookup;
  /** What mutes alerts for a target now (`silence:<id>` / `maintenance:<id>`), or null (read-only, from the mute rules). */
  mutedBy: (target: string, labels: Record<string, string>, now: number) => string | null;
  store: IncidentStore;
  stream: LiveStream;
  /** The alert log, for alerts muted or suppressed here. */
  logDecision: AlertLogWriter;
  /** The next stage: who must be told what. */
  onNotice: NoticeSink;
  logger: Logger;
}

/**
 * Turns state changes into incidents and says who must be told what, when:
 * - grouping: failures that start within `groupWindowSeconds` of the first go out as one notice (grouping.ts);
 * - root cause: members are grouped by cause; a cause already alerted only gains affected targets (no new notice);
 * - silences and maintenance mute (the incident is still recorded; the alert goes out if the mute ends first);
 * - recoveries are told for every announced target, never suppressed; reminders while an incident stays open;
 * - an outage that ends before its alert goes out is told once, as "was DOWN for N s" (an incident that is already
 *   closed), never as a late DOWN followed by a recovery; a DOWN target whose latest poll passes again is held back
 *   until it is UP (then that notice) or fails again (then the DOWN alert).
 * Incidents are stored (then announced on the live stream) as they change.
 */
export class IncidentStage {
  private readonly group = new ProblemGroup();
  private readonly open = new OpenIncidents();
  private recoveries: AlertItem[] = [];
  private recoveryIncidents = new Map<string, Incident>();
  private timer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private options: IncidentOptions,
    private readonly deps: IncidentStageDeps,
  ) {}

  setOptions(options: IncidentOptions): void {
    this.options = options;
  }

  /** Loads incidents left open by a previous run. */
  async restore(): Promise<void> {
    for (const incident of await this.deps.store.openIncidents()) this.open.add(incident);
  }

  /** Alerts not yet decided: waiting candidates, queued recoveries, incident and alert log writes in flight. */
  inFlight(): number {
    return this.group.candidates.size + this.recoveries.length + this.pending.size;
  }

  openIncidents(): Incident[] {
    return this.open.all();
  }

  /** The input: one change from the state stage. */
  onChange(change: TargetChange): void {
    if (change.type === 'state') this.onStateChange(change.name, change.from, change.to, change.at);
    else this.onDegradedChange(change.name, change.degraded, change.at);
  }

  /** Runs every second (and soon after changes): tells what is due. */
  tick(now = Date.now()): void {
    const decision = this.group.take(now, this.options.groupWindowSeconds * 1000, this.deps.lookup);
    if (decision && 'flushAt' in decision) this.requestFlushAt(decision.flushAt);
    else if (decision) this.announce(decision.announce, now);
    this.announceUnmuted(now);
    this.flushRecoveries();
    this.sendReminders(now);
  }

  /** Waits for incident and alert log writes in flight. */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private onStateChange(name: string, from: TargetState, to: TargetState, at: number): void {
    if (to === 'PENDING' || to === 'DOWN') this.group.failing(name, to, this.deps.lookup(name), at, this.open.hasMember('down', name));
    else if (to === 'UP') {
      this.group.up(name, at);
      this.endMembership('down', name, at, true);
    } else if (to === 'MAINTENANCE') {
      this.group.candidates.delete(name);
      this.endMembership('down', name, at, false);
      this.endMembership('degraded', name, at, false);
    }
    if (from === 'DOWN' || to === 'DOWN' || to === 'UP') this.requestFlush();
  }

  private onDegradedChange(name: string, degraded: boolean, at: number): void {
    if (degraded) this.group.degraded(name, at, this.open.hasMember('degraded', name));
    else {
      this.group.notDegraded(name);
      this.endMembership('degraded', name, at, this.deps.lookup(name)?.state === 'UP');
    }
    this.requestFlush();
  }

  private requestFlush(): void {
    this.requestFlushAt(this.group.dueAt(this.options.groupWindowSeconds * 1000) ?? Date.now());
  }

  /** Runs a tick at `at` (the 1 s tick runs anyway; this makes grouping exact to the millisecond). */
  private requestFlushAt(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.tick();
      },
      Math.max(0, at - Date.now()) + 5,
    );
    this.timer.unref();
  }

  private announce(members: Member[], now: number): void {
    const sections = new Map<string, ProblemSection>();
    const touched = new Set<Incident>();
    for (const { view, kind, since, endedAt, down } of members) {
      const cause = kind === 'down' ? ((endedAt === undefined ? view.rootCause : down?.rootCause) ?? view.name) : view.name;
      const incidentKey = `${kind}|${cause}`;
      let incident = this.open.get(kind, cause);
      const alreadyAlerted = incident !== undefined && incident.lastNotifiedAt !== null && !sections.has(incidentKey);
      if (!incident) {
        incident = {
          id: randomUUID(),
          kind,
          cause,
          startedAt: new Date(since),
          endedAt: null,
          affected: [],
          notificationsSent: 0,
          lastNotifiedAt: null,
        };
        this.open.add(incident);
      }
      const item =
        endedAt === undefined ? itemFor(view, kind, since, now) : endedItemFor(view.name, since, endedAt, down?.error ?? null, cause);
      const mutedBy = this.deps.mutedBy(view.name, view.labels, now);
      const member: AffectedTarget = {
        target: view.name,
        since: new Date(since).toISOString(),
        endedAt: endedAt === undefined ? null : new Date(endedAt).toISOString(),
        detail: item.detail,
        announced: false,
        mutedBy,
      };
      incident.affected = [...incident.affected.filter((a) => a.target !== view.name || a.endedAt !== null), member];
      touched.add(incident);
      if (mutedBy) {
        this.log({
          kind,
          outcome: 'muted',
          title: `${view.name} ${kind === 'down' ? 'DOWN' : 'DEGRADED'} (muted by ${mutedBy})`,
          targets: [view.name],
          incident,
        });
      } else if (alreadyAlerted) {
        member.announced = true;
        this.log({
          kind,
          outcome: 'suppressed',
          title: `${view.name} ${kind === 'down' ? 'DOWN' : 'DEGRADED'}: root cause ${cause} already alerted`,
          targets: [view.name],
          incident,
        });
      } else {
        member.announced = true;
        const section = sections.get(incidentKey) ?? { incident, items: [], kind };
        section.items.push(item);
        sections.set(incidentKey, section);
      }
    }
    for (const incident of touched) {
      if (incident.affected.every((a) => a.endedAt !== null))
        this.open.close(incident, Math.max(...incident.affected.map((a) => Date.parse(a.endedAt as string))));
      this.save(incident);
    }
    if (sections.size === 0) return;
    const list = [...sections.values()];
    this.notify(
      { type: 'problem', sections: list, at: now },
      list.map((s) => s.incident),
    );
  }

  /** Targets whose outage was muted and whose mute has ended while they still fail are announced now. */
  private announceUnmuted(now: number): void {
    const members: Member[] = [];
    for (const incident of this.open.all()) {
      for (const member of incident.affected) {
        if (member.announced || member.endedAt !== null) continue;
        const view = this.deps.lookup(member.target);
        if (!view || this.deps.mutedBy(view.name, view.labels, now)) continue;
        const failing = incident.kind === 'down' ? view.state === 'DOWN' : view.degraded;
        if (failing) members.push({ view, kind: incident.kind, since: Date.parse(member.since) });
      }
    }
    if (members.length) this.announce(members, now);
  }

  private flushRecoveries(): void {
    if (this.recoveries.length === 0) return;
    const items = this.recoveries;
    const incidents = [...this.recoveryIncidents.values()];
    this.recoveries = [];
    this.recoveryIncidents = new Map();
    this.notify({ type: 'recovery', items, incidents }, incidents);
  }

  private sendReminders(now: number): void {
    const intervalMs = this.options.reminderIntervalSeconds * 1000;
    if (intervalMs <= 0) return;
    const due = this.open
      .all()
      .filter(
        (i) =>
          i.lastNotifiedAt !== null &&
          now - i.lastNotifiedAt.getTime() >= intervalMs &&
          i.affected.some((a) => a.announced && a.endedAt === null && !a.mutedBy),
      );
    if (due.length === 0) return;
    for (const incident of due) incident.lastNotifiedAt = new Date(now);
    this.notify({ type: 'reminder', incidents: due, at: now }, due);
  }

  private endMembership(kind: 'down' | 'degraded', name: string, at: number, recovered: boolean): void {
    for (const incident of this.open.all()) {
      if (incident.kind !== kind) continue;
      const member = incident.affected.find((a) => a.target === name && a.endedAt === null);
      if (!member) continue;
      member.endedAt = new Date(at).toISOString();
      if (recovered && member.announced && !this.deps.mutedBy(name, this.deps.lookup(name)?.labels ?? {}, at)) {
        this.recoveries.push(recoveredItemFor(kind, member, at));
        this.recoveryIncidents.set(incident.id, incident);
      }
      if (incident.affected.every((a) => a.endedAt !== null)) this.open.close(incident, at);
      this.save(incident);
    }
  }

  /** The incidents are notified now (stored so), then the notice goes to the next stage. */
  private notify(notice: IncidentNotice, incidents: Incident[]): void {
    const now = new Date();
    for (const incident of incidents) {
      incident.lastNotifiedAt = now;
      this.save(incident);
    }
    this.deps.onNotice(notice);
  }

  private log(entry: { kind: string; outcome: 'muted' | 'suppressed'; title: string; targets: string[]; incident: Incident }): void {
    this.track(
      this.deps.logDecision({
        at: new Date(),
        kind: entry.kind,
        channel: '-',
        outcome: entry.outcome,
        title: entry.title,
        targets: entry.targets,
        incidentIds: [entry.incident.id],
        attempts: 0,
        error: null,
      }),
    );
  }

  /** Stores the incident as it is now; the live stream announces it once it is stored. */
  private save(incident: Incident): void {
    const snapshot = { ...incident, affected: incident.affected.map((a) => ({ ...a })) };
    this.track(this.deps.store.saveIncident(snapshot).then(() => this.deps.stream.publish('incident', incidentStreamEvent(snapshot))));
  }

  /** Keeps background work visible to drain(); logs its failure. */
  private track(promise: Promise<unknown>): void {
    const settled: Promise<unknown> = promise
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'alerting: background work failed'))
      .finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }
}
