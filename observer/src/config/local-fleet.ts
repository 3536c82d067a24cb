import { observerConfigSchema, type ObserverConfig } from './observer-config.schema';

/** A service the launcher starts: its base URL (or its /health URL) and the services it calls. */
export interface LocalFleetService {
  name: string;
  url: string;
  dependsOn: string[];
}

/**
 * The observer config for the fleet `pnpm start` runs: one `health` target per service, polled every 5 s,
 * dependencies kept where the depended-on service is part of the fleet. Validated, so the launcher can write it as is.
 */
export function buildLocalFleetConfig(services: LocalFleetService[], options: { dashboardUrl?: string } = {}): ObserverConfig {
  const names = new Set(services.map((s) => s.name));
  return observerConfigSchema.parse({
    defaults: { intervalSeconds: 5, timeoutMs: 2_000 },
    targets: services.map((service) => ({
      name: service.name,
      url: healthUrl(service.url),
      kind: 'health',
      dependsOn: service.dependsOn.filter((dep) => names.has(dep) && dep !== service.name),
      labels: { fleet: 'local' },
    })),
    alerting: options.dashboardUrl ? { dashboardUrl: options.dashboardUrl } : {},
  });
}

function healthUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/health') ? trimmed : `${trimmed}/health`;
}
