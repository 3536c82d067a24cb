import { checkImpact } from '@erp/contracts';
import type { ProbeCheck, TargetState } from '../model/target-types';

/** What root-cause analysis needs to know about a target. */
export interface CauseInput {
  name: string;
  state: TargetState;
  dependsOn: string[];
  /** The checks that failed during the target's current failure (not only in its latest poll). */
  failedChecks: ProbeCheck[];
}

const failing = (state: TargetState) => state === 'DOWN' || state === 'PENDING';

/**
 * For each failing target, the thing whose failure explains it, or null when it is its own cause:
 * 1. a target it depends on (directly or transitively) that is failing — the deepest such target;
 * 2. else a dependency check (a readiness check: a datastore, a downstream service) that failed in its reports during
 *    this failure, or a declared `check:<component>` dependency (named `check:<component>`, e.g. `check:postgres`, so
 *    that one datastore shared by several services is one cause). The failures that made the incident decide, not the
 *    latest poll: a target still DOWN while its dependency already answers keeps that dependency as its cause.
 */
export function findRootCauses(targets: readonly CauseInput[]): Map<string, string | null> {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const memo = new Map<string, string | null>();
  const resolve = (target: CauseInput, seen: Set<string>): string | null => {
    if (memo.has(target.name)) return memo.get(target.name) ?? null;
    seen.add(target.name);
    let cause: string | null = null;
    for (const dep of target.dependsOn) {
      const parent = dep.startsWith('check:') ? undefined : byName.get(dep);
      if (!parent || !failing(parent.state) || seen.has(parent.name)) continue;
      cause = resolve(parent, seen) ?? parent.name;
      break;
    }
    cause ??= failingCheckCause(target);
    memo.set(target.name, cause);
    return cause;
  };
  const causes = new Map<string, string | null>();
  for (const target of targets) causes.set(target.name, failing(target.state) ? resolve(target, new Set()) : null);
  return causes;
}

function failingCheckCause(target: CauseInput): string | null {
  const declared = new Set(target.dependsOn.filter((d) => d.startsWith('check:')).map((d) => d.slice('check:'.length)));
  const causes = target.failedChecks.filter((check) => checkImpact(check.name) === 'readiness' || declared.has(componentOf(check)));
  // A datastore explains more than a downstream service that may itself be failing for the same reason.
  const cause = causes.find((check) => check.componentType === 'datastore') ?? causes[0];
  return cause ? `check:${componentOf(cause)}` : null;
}

function componentOf(check: ProbeCheck): string {
  return check.name.split(':')[0] ?? check.name;
}
