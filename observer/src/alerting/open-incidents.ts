import type { Incident } from '../model/incident';

/** The incidents still open, one per kind and cause. */
export class OpenIncidents {
  private readonly byKey = new Map<string, Incident>();

  get(kind: Incident['kind'], cause: string): Incident | undefined {
    return this.byKey.get(key(kind, cause));
  }

  add(incident: Incident): void {
    this.byKey.set(key(incident.kind, incident.cause), incident);
  }

  all(): Incident[] {
    return [...this.byKey.values()];
  }

  /** Whether an open incident of this kind counts the target as still affected. */
  hasMember(kind: Incident['kind'], target: string): boolean {
    for (const incident of this.byKey.values())
      if (incident.kind === kind && incident.affected.some((a) => a.target === target && a.endedAt === null)) return true;
    return false;
  }

  /** Ends the incident at `at`; it is no longer open. */
  close(incident: Incident, at: number): void {
    incident.endedAt = new Date(at);
    const incidentKey = key(incident.kind, incident.cause);
    if (this.byKey.get(incidentKey) === incident) this.byKey.delete(incidentKey);
  }
}

function key(kind: Incident['kind'], cause: string): string {
  return `${kind}|${cause}`;
}
