import type { EventLog } from './event-log';
import type { Decision } from './restart-policy';

/** A decision that is only told about, not carried out: everything but a restart. */
export type AnnouncedDecision = Exclude<Decision, { kind: 'restart' }>;
export type WaitDecision = Extract<Decision, { kind: 'wait' }>;

/** What makes a waiting decision new: the same key on the next pass is not recorded again. */
export function waitKey(decision: WaitDecision): string {
  return `wait:${decision.reason}:${decision.reason === 'backoff' ? decision.until : ''}:${decision.rootCause ?? ''}`;
}

/** Records the event that tells about a decision other than a restart (give-up, backoff reset, or why it waits). */
export function recordDecision(events: EventLog, decision: AnnouncedDecision): void {
  const { target } = decision;
  const name = target.name;
  const basis =
    'verdict' in decision
      ? { verdict: decision.verdict.state, verdictSource: decision.verdict.source, rootCause: decision.verdict.rootCause }
      : {};
  if (decision.kind === 'give-up') {
    events.record(
      'gave-up',
      name,
      'critical',
      `gave up on ${name}: ${decision.restartsInWindow} restarts did not make it healthy; clear with POST /api/v1/targets/${name}/clear`,
      { ...basis, restartsInWindow: decision.restartsInWindow },
    );
    return;
  }
  if (decision.kind === 'backoff-reset') {
    events.record('backoff-reset', name, 'info', `${name} healthy for ${decision.healthyForMs} ms: backoff starts over`, {
      healthyForMs: decision.healthyForMs,
    });
    return;
  }
  const until = decision.until === undefined ? {} : { until: new Date(decision.until).toISOString() };
  switch (decision.reason) {
    case 'recovering':
      events.record(
        'left-alone-recovering',
        name,
        'info',
        `${name} is still DOWN at the observer but its latest poll passes: not restarting it`,
        basis,
      );
      return;
    case 'not-curable':
      events.record(
        'left-alone-not-curable',
        name,
        'warning',
        `${name} is DOWN on a ${decision.verdict.failure ?? 'passing'} failure (a dependency of it fails): a restart cannot cure that, not restarting it`,
        { ...basis, failure: decision.verdict.failure },
      );
      return;
    case 'starting':
      events.record('left-alone-starting', name, 'info', `${name} is DOWN but still starting: left alone`, {
        ...basis,
        ...until,
        health: target.health,
      });
      return;
    case 'dependency':
      // Says only what this decision does: whether the dependency is restarted is its own decision (and its own event).
      events.record(
        'waiting-on-dependency',
        name,
        'info',
        decision.dependencyWatched
          ? `${name} is DOWN because ${decision.rootCause} is: not restarting ${name}; ${decision.rootCause} is judged on its own verdict`
          : `${name} is DOWN because ${decision.rootCause} is, which the watchdog does not manage: not restarting ${name}, waiting`,
        { ...basis, dependencyWatched: decision.dependencyWatched },
      );
      return;
    case 'backoff':
      events.record('waiting-backoff', name, 'info', `${name} still DOWN: next restart not before ${until.until}`, { ...basis, ...until });
      return;
    case 'budget':
      events.record(
        'waiting-budget',
        name,
        'warning',
        `${name} is DOWN but the fleet's restart budget is spent: waiting until ${until.until}`,
        { ...basis, ...until },
      );
      return;
    case 'fresh-verdict':
      events.record(
        'waiting-fresh-verdict',
        name,
        'info',
        `${name}: the verdict predates its current start; waiting for the observer's next check`,
        basis,
      );
      return;
  }
}
