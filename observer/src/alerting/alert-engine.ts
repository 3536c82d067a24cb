import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { MuteRules } from '../model/mute-rules';
import type { TargetState, TargetView } from '../model/target-types';
import type { Delivery, DeliveryStage } from '../notifiers/delivery-stage';
import type { AlertItem, AlertMessage, AlertSection } from '../model/alert-message';
import type { AffectedTarget, AlertLogWriter, Incident, IncidentStore } from '../model/incident';
import { endedItemFor, itemFor, problemMessage, problemSection, recoveryMessage, reminderMessage } from './alert-compose';

export interface AlertEngineOptions {
  groupWindowSeconds: number;
  reminderIntervalSeconds: number;
  dashboardUrl: string;
}

interface Candidate {
  kind: 'down' | 'degraded';
  since: number;
  /** The target reached DOWN (its root cause and error then), so its outage is told even if it ends before the alert goes out. */
  down?: { rootCause: string | null; error: string | null };
  /** When it was UP again, if that happened before the alert went out: it is then told as one "was DOWN for N s" notice. */
  endedAt?: number;
}

/** A target in a problem message; `endedAt` when its outage ended before the message went out. */
interface Member {
  view: TargetView;
  kind: 'down' | 'degraded';
  since: number;
  endedAt?: number;
  down?: Candidate['down'];
}

/**
 * Decides who is told what, when:
 * - grouping: failures that start within `groupWindowSeconds` of the first go out as one message, sent once the window
 *   has passed and every member has settled (DOWN, or recovered and dropped); so grouping costs no latency when the
 *   window is no longer than failureThreshold × interval;
 * - root cause: members are grouped by cause; a cause already alerted only gains affected targets (no new message);
 * - silences and maintenance mute (the incident is still recorded; the alert goes out if the mute ends first);
 * - recoveries are sent for every announced target, never suppressed; reminders while an incident stays open;
 * - an outage that ends before its alert goes out is told once, as "was DOWN for N s" (an incident that is already
 *   closed), never as a late DOWN followed by a recovery; a DOWN target whose latest poll passes again is held back
 *   until it is UP (then that notice) or fails again (then the DOWN alert).
 */
export class AlertEngine {
  private readonly candidates = new Map<string, Candidate>();
  private readonly open = new Map<string, Incident>();
  private recoveries: AlertItem[] = [];
  private recoveryIncidents = new Map<string, Incident>();
  private timer: NodeJS.Timeout | null = null;
  /** When the current group first had a member ready to announce. */
  private firstReadyAt: number | null = null;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private options: AlertEngineOptions,
    private readonly lookup: (name: string) => TargetView | undefined,
    private readonly mutes: MuteRules,
    private readonly dispatcher: DeliveryStage,
    private readonly store: IncidentStore,
    /** The alert log, for alerts muted or suppressed here. */
    private readonly logAlert: AlertLogWriter,
    private readonly logger: Logger,
  ) {}

  setOptions(options: AlertEngineOptions): void {
    this.options = options;
  }

  /** Loads incidents left open by a previous run. */
  async restore(): Promise<void> {
    for (const incident of await this.store.openIncidents()) this.open.set(key(incident.kind, incident.cause), incident);
  }

  /** Alerts not yet decided or delivered: waiting candidates, queued recoveries, deliveries and writes in flight. */
  inFlight(): number {
    return this.candidates.size + this.recoveries.length + this.pending.size;
  }

  openIncidents(): Incident[] {
    return [...this.open.values()];
  }

  onStateChange(name: string, from: TargetState, to: TargetState, at: number): void {
    const target = this.lookup(name);
    if (to === 'PENDING' || to === 'DOWN') {
      if (!this.candidates.has(name) && !this.memberOfOpen('down', name)) this.candidates.set(name, { kind: 'down', since: target?.failingSince ?? at });
      const candidate = this.candidates.get(name);
      if (candidate?.kind === 'down') delete candidate.endedAt; // failing again before its "was DOWN" notice went out: one outage
      if (to === 'DOWN' && candidate?.kind === 'down') candidate.down = { rootCause: target?.rootCause ?? null, error: target?.last?.error ?? null };
    } else if (to === 'UP') {
      const candidate = this.candidates.get(name);
      if (candidate?.kind === 'down' && candidate.down) candidate.endedAt = at;
      else this.candidates.delete(name);
      this.endMembership('down', name, at, true);
    } else if (to === 'MAINTENANCE') {
      this.candidates.delete(name);
      this.endMembership('down', name, at, false);
      this.endMembership('degraded', name, at, false);
    }
    if (from === 'DOWN' || to === 'DOWN' || to === 'UP') this.requestFlush();
  }

  onDegradedChange(name: string, degraded: boolean, at: number): void {
    if (degraded) {
      if (!this.candidates.has(name) && !this.memberOfOpen('degraded', name)) this.candidates.set(name, { kind: 'degraded', since: at });
    } else {
      if (this.candidates.get(name)?.kind === 'degraded') this.candidates.delete(name);
      const state = this.lookup(name)?.state;
      this.endMembership('degraded', name, at, state === 'UP');
    }
    this.requestFlush();
  }

  /** Runs every second (and soon after changes): sends what is due. */
  async tick(now = Date.now()): Promise<void> {
    this.flushProblems(now);
    this.announceUnmuted(now);
    this.flushRecoveries();
    this.sendReminders(now);
  }

  /** Sends a message outside the incident flow (critical events, reports). */
  notify(message: AlertMessage): Promise<Delivery[]> {
    const sending = this.dispatcher.send(message);
    this.track(sending);
    return sending;
  }

  /** Waits for queued deliveries and incident writes. */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private requestFlush(): void {
    let anchor = Infinity;
    for (const candidate of this.candidates.values()) anchor = Math.min(anchor, candidate.since);
    this.requestFlushAt(Number.isFinite(anchor) ? anchor + this.options.groupWindowSeconds * 1000 : Date.now());
  }

  /** Runs a tick at `at` (the 1 s tick runs anyway; this makes grouping exact to the millisecond). */
  private requestFlushAt(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, Math.max(0, at - Date.now()) + 5);
    this.timer.unref();
  }

  private flushProblems(now: number): void {
    if (this.candidates.size === 0) return;
    const windowMs = this.options.groupWindowSeconds * 1000;
    let anchor = Infinity;
    for (const candidate of this.candidates.values()) anchor = Math.min(anchor, candidate.since);
    if (now < anchor + windowMs) return;
    const ready: { view: TargetView; candidate: Candidate }[] = [];
    let waiting = false;
    for (const [name, candidate] of this.candidates) {
      if (candidate.since > anchor + windowMs) continue;
      const view = this.lookup(name);
      if (!view) this.candidates.delete(name);
      else if (candidate.kind === 'down' && candidate.endedAt !== undefined) ready.push({ view, candidate });
      else if (candidate.kind === 'down' && view.state === 'DOWN' && view.last?.ok === true) {
        // Answering again but not yet UP: hold the alert until it is UP (one "was DOWN" notice) or fails again.
        if (now < (this.firstReadyAt ?? Infinity) + windowMs) waiting = true;
        else candidate.since = now;
      } else if (candidate.kind === 'down' && view.state === 'DOWN') ready.push({ view, candidate });
      else if (candidate.kind === 'down' && view.state === 'PENDING') {
        // Wait for a member still deciding, but never longer than one more window once another member is ready.
        const deadline = Math.min(candidate.since + view.settleMs + 1000, (this.firstReadyAt ?? Infinity) + windowMs);
        if (now < deadline) waiting = true;
        else candidate.since = now; // still undecided: judge it with a later group
      } else if (candidate.kind === 'degraded' && view.degraded && view.state === 'UP') ready.push({ view, candidate });
      else this.candidates.delete(name);
    }
    if (ready.length > 0) this.firstReadyAt ??= now;
    if (waiting || ready.length === 0) {
      if (waiting && ready.length > 0) this.requestFlushAt((this.firstReadyAt as number) + windowMs);
      return;
    }
    this.firstReadyAt = null;
    for (const { view } of ready) this.candidates.delete(view.name);
    this.announce(ready.map(({ view, candidate }) => ({ view, kind: candidate.kind, since: candidate.since, endedAt: candidate.endedAt, down: candidate.down })), now);
  }

  private announce(members: Member[], now: number): void {
    const sections = new Map<string, { incident: Incident; items: AlertItem[]; kind: 'down' | 'degraded' }>();
    const touched = new Set<Incident>();
    for (const { view, kind, since, endedAt, down } of members) {
      const cause = kind === 'down' ? ((endedAt === undefined ? view.rootCause : down?.rootCause) ?? view.name) : view.name;
      const incidentKey = key(kind, cause);
      let incident = this.open.get(incidentKey);
      const alreadyAlerted = incident !== undefined && incident.lastNotifiedAt !== null && !sections.has(incidentKey);
      if (!incident) {
        incident = { id: randomUUID(), kind, cause, startedAt: new Date(since), endedAt: null, affected: [], notificationsSent: 0, lastNotifiedAt: null };
        this.open.set(incidentKey, incident);
      }
      const item = endedAt === undefined ? itemFor(view, kind, since, now) : endedItemFor(view.name, since, endedAt, down?.error ?? null, cause);
      const mutedBy = this.mutes.mutedBy(view.name, view.labels, now);
      const member: AffectedTarget = { target: view.name, since: new Date(since).toISOString(), endedAt: endedAt === undefined ? null : new Date(endedAt).toISOString(), detail: item.detail, announced: false, mutedBy };
      incident.affected = [...incident.affected.filter((a) => a.target !== view.name || a.endedAt !== null), member];
      touched.add(incident);
      if (mutedBy) {
        this.log({ kind, outcome: 'muted', title: `${view.name} ${kind === 'down' ? 'DOWN' : 'DEGRADED'} (muted by ${mutedBy})`, targets: [view.name], incident });
      } else if (alreadyAlerted) {
        member.announced = true;
        this.log({ kind, outcome: 'suppressed', title: `${view.name} ${kind === 'down' ? 'DOWN' : 'DEGRADED'}: root cause ${cause} already alerted`, targets: [view.name], incident });
      } else {
        member.announced = true;
        const section = sections.get(incidentKey) ?? { incident, items: [], kind };
        section.items.push(item);
        sections.set(incidentKey, section);
      }
    }
    for (const incident of touched) {
      if (incident.affected.every((a) => a.endedAt !== null)) this.close(incident, Math.max(...incident.affected.map((a) => Date.parse(a.endedAt as string))));
      this.save(incident);
    }
    if (sections.size === 0) return;
    const list: (AlertSection & { incident: Incident; kind: 'down' | 'degraded' })[] = [...sections.values()].map((s) => ({
      ...problemSection(s.incident.cause, s.kind, s.items),
      incident: s.incident,
      kind: s.kind,
    }));
    this.dispatch(problemMessage(list, this.options.dashboardUrl, now), list.map((s) => s.incident));
  }

  /** Targets whose outage was muted and whose mute has ended while they still fail are announced now. */
  private announceUnmuted(now: number): void {
    const members: Member[] = [];
    for (const incident of this.open.values()) {
      for (const member of incident.affected) {
        if (member.announced || member.endedAt !== null) continue;
        const view = this.lookup(member.target);
        if (!view || this.mutes.mutedBy(view.name, view.labels, now)) continue;
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
    this.dispatch(recoveryMessage(items, this.options.dashboardUrl), incidents);
  }

  private sendReminders(now: number): void {
    const intervalMs = this.options.reminderIntervalSeconds * 1000;
    if (intervalMs <= 0) return;
    const due = [...this.open.values()].filter(
      (i) => i.lastNotifiedAt !== null && now - i.lastNotifiedAt.getTime() >= intervalMs && i.affected.some((a) => a.announced && a.endedAt === null && !a.mutedBy),
    );
    if (due.length === 0) return;
    for (const incident of due) incident.lastNotifiedAt = new Date(now);
    this.dispatch(reminderMessage(due, this.options.dashboardUrl, now), due);
  }

  private endMembership(kind: 'down' | 'degraded', name: string, at: number, recovered: boolean): void {
    for (const [incidentKey, incident] of this.open) {
      if (incident.kind !== kind) continue;
      const member = incident.affected.find((a) => a.target === name && a.endedAt === null);
      if (!member) continue;
      member.endedAt = new Date(at).toISOString();
      if (recovered && member.announced && !this.mutes.mutedBy(name, this.lookup(name)?.labels ?? {}, at)) {
        this.recoveries.push({
          target: name,
          state: 'UP',
          detail: kind === 'down' ? `recovered (was DOWN: ${member.detail})` : `no longer degraded (was: ${member.detail})`,
          since: member.since,
          durationSeconds: (at - Date.parse(member.since)) / 1000,
          lastValues: {},
        });
        this.recoveryIncidents.set(incident.id, incident);
      }
      if (incident.affected.every((a) => a.endedAt !== null)) this.close(incident, at, incidentKey);
      this.save(incident);
    }
  }

  private close(incident: Incident, at: number, incidentKey = key(incident.kind, incident.cause)): void {
    incident.endedAt = new Date(at);
    if (this.open.get(incidentKey) === incident) this.open.delete(incidentKey);
  }

  private memberOfOpen(kind: 'down' | 'degraded', name: string): boolean {
    for (const incident of this.open.values()) if (incident.kind === kind && incident.affected.some((a) => a.target === name && a.endedAt === null)) return true;
    return false;
  }

  private dispatch(message: AlertMessage, incidents: Incident[]): void {
    message.incidentIds = incidents.map((i) => i.id);
    const now = new Date();
    for (const incident of incidents) {
      incident.lastNotifiedAt = now;
      this.save(incident);
    }
    this.track(this.dispatcher.send(message));
  }

  private log(entry: { kind: string; outcome: 'muted' | 'suppressed'; title: string; targets: string[]; incident: Incident }): void {
    this.track(
      this.logAlert({ at: new Date(), kind: entry.kind, channel: '-', outcome: entry.outcome, title: entry.title, targets: entry.targets, incidentIds: [entry.incident.id], attempts: 0, error: null }),
    );
  }

  private save(incident: Incident): void {
    this.track(this.store.saveIncident({ ...incident, affected: incident.affected.map((a) => ({ ...a })) }));
  }

  /** Keeps background work visible to drain(); logs its failure. */
  private track(promise: Promise<unknown>): void {
    const settled: Promise<unknown> = promise
      .catch((error: unknown) => this.logger.error({ err: error }, 'alerting: background work failed'))
      .finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }
}

function key(kind: 'down' | 'degraded', cause: string): string {
  return `${kind}|${cause}`;
}
