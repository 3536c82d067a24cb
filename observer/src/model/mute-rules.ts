/** Which targets a silence or maintenance window covers: a target name, and/or labels that must all match. */
export interface TargetMatcher {
  target: string | null;
  labels: Record<string, string>;
}

export interface SilenceRule extends TargetMatcher {
  id: string;
  startsAt: Date;
  expiresAt: Date;
  comment: string;
}

/** Weekly recurrence in UTC: on these days (0 = Sunday), from startTime ("HH:MM") for durationMinutes. */
export interface Recurrence {
  daysOfWeek: number[];
  startTime: string;
  durationMinutes: number;
}

export interface MaintenanceRule extends TargetMatcher {
  id: string;
  /** One-off window bounds; for recurring windows, the period in which the recurrence applies (end may be null). */
  startsAt: Date;
  endsAt: Date | null;
  recurrence: Recurrence | null;
  comment: string;
}

/** Whether the matcher covers the target. A matcher with neither a target nor labels covers nothing. */
export function matches(matcher: TargetMatcher, target: string, labels: Record<string, string>): boolean {
  const labelEntries = Object.entries(matcher.labels);
  if (matcher.target === null && labelEntries.length === 0) return false;
  if (matcher.target !== null && matcher.target !== target) return false;
  return labelEntries.every(([key, value]) => labels[key] === value);
}

/** Whether a maintenance window is in force at `now`. */
export function maintenanceActive(rule: MaintenanceRule, now: number): boolean {
  if (now < rule.startsAt.getTime()) return false;
  if (!rule.recurrence) return rule.endsAt !== null && now < rule.endsAt.getTime();
  if (rule.endsAt && now >= rule.endsAt.getTime()) return false;
  const [hours, minutes] = rule.recurrence.startTime.split(':').map(Number) as [number, number];
  const durationMs = rule.recurrence.durationMinutes * 60_000;
  // An occurrence that started today or on one of the previous days may still be running.
  for (let daysBack = 0; daysBack * 86_400_000 <= durationMs + 86_400_000; daysBack += 1) {
    const day = new Date(now - daysBack * 86_400_000);
    if (!rule.recurrence.daysOfWeek.includes(day.getUTCDay())) continue;
    const start = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours, minutes);
    if (start <= now && now < start + durationMs) return true;
  }
  return false;
}

/** The active silences and maintenance windows, kept in memory and consulted on every alert decision. */
export class MuteRules {
  private silences: SilenceRule[] = [];
  private maintenance: MaintenanceRule[] = [];

  set(silences: SilenceRule[], maintenance: MaintenanceRule[]): void {
    this.silences = silences;
    this.maintenance = maintenance;
  }

  /** The maintenance window covering the target now, if any. */
  maintenanceFor(target: string, labels: Record<string, string>, now = Date.now()): MaintenanceRule | null {
    return this.maintenance.find((rule) => matches(rule, target, labels) && maintenanceActive(rule, now)) ?? null;
  }

  /** What mutes alerts for the target now (`silence:<id>` or `maintenance:<id>`), or null. */
  mutedBy(target: string, labels: Record<string, string>, now = Date.now()): string | null {
    const silence = this.silences.find((s) => s.startsAt.getTime() <= now && now < s.expiresAt.getTime() && matches(s, target, labels));
    if (silence) return `silence:${silence.id}`;
    const window = this.maintenanceFor(target, labels, now);
    return window ? `maintenance:${window.id}` : null;
  }
}
