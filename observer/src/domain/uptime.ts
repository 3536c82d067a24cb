import type { TargetState } from '../model/target-types';

export const UPTIME_WINDOWS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type UptimeWindow = keyof typeof UPTIME_WINDOWS;

/**
 * Uptime from state transitions: the share of observed time a target was UP or PENDING (not yet confirmed down)
 * rather than DOWN. Time in MAINTENANCE, and time before the first observation, is left out.
 */
export class UptimeLedger {
  private readonly transitions = new Map<string, { at: number; state: TargetState }[]>();

  record(target: string, state: TargetState, at: number): void {
    let list = this.transitions.get(target);
    if (!list) this.transitions.set(target, (list = []));
    list.push({ at, state });
    // Keep 30 days plus the transition that was in force at their start.
    const cutoff = at - UPTIME_WINDOWS['30d'];
    let drop = 0;
    while (drop + 1 < list.length && (list[drop + 1] as { at: number }).at <= cutoff) drop += 1;
    if (drop > 0) list.splice(0, drop);
  }

  forget(target: string): void {
    this.transitions.delete(target);
  }

  /** Percent (0–100, two decimals), or null when nothing was observed in the window. */
  uptime(target: string, window: UptimeWindow, now = Date.now()): number | null {
    const list = this.transitions.get(target);
    if (!list || list.length === 0) return null;
    const start = now - UPTIME_WINDOWS[window];
    let up = 0;
    let down = 0;
    for (let i = 0; i < list.length; i += 1) {
      const current = list[i] as { at: number; state: TargetState };
      const from = Math.max(current.at, start);
      const to = Math.min(list[i + 1]?.at ?? now, now);
      if (to <= from) continue;
      if (current.state === 'DOWN') down += to - from;
      else if (current.state === 'UP' || current.state === 'PENDING') up += to - from;
    }
    return up + down === 0 ? null : Math.round((up / (up + down)) * 10_000) / 100;
  }

  all(target: string, now = Date.now()): Record<UptimeWindow, number | null> {
    return { '24h': this.uptime(target, '24h', now), '7d': this.uptime(target, '7d', now), '30d': this.uptime(target, '30d', now) };
  }
}
