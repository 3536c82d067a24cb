import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ObserverConfigInput } from '@erp/observer';
import { discoverFleet, type RunningMember } from './fleet-manifest';

/** A service the observer of the local fleet watches: its base URL (or its /health URL) and the services it calls. */
export interface WatchedService {
  name: string;
  url: string;
  dependsOn: string[];
}

/**
 * Writes the observer's config for the local fleet (unless `OBSERVER_CONFIG` names one) and returns its path.
 * In monitoring mode the services are not ours to start, so the observer watches them at their default ports.
 */
export function writeObserverConfig(opts: { root: string; stateDir: string; env: NodeJS.ProcessEnv }, members: RunningMember[]): string {
  if (opts.env.OBSERVER_CONFIG) return path.resolve(opts.env.OBSERVER_CONFIG);
  const services = members.some((m) => m.kind === 'service')
    ? members.filter((m) => m.kind === 'service').map((m) => ({ name: m.name, url: m.url, dependsOn: m.dependsOn }))
    : discoverFleet(opts.root)
        .filter((m) => m.kind === 'service')
        .map((m) => ({ name: m.name, url: `http://127.0.0.1:${m.defaultPort}`, dependsOn: m.dependsOn }));
  const observer = members.find((m) => m.kind === 'observer');
  const file = path.join(opts.stateDir, 'observer_config.json');
  writeFileSync(file, JSON.stringify(localFleetConfig(services, observer ? { dashboardUrl: `${observer.url}/` } : {}), null, 2) + '\n');
  return file;
}

/**
 * The observer config for the fleet `pnpm start` runs: one `health` target per service, polled every 5 s,
 * dependencies kept where the depended-on service is part of the fleet. The observer validates it when it reads the file.
 */
export function localFleetConfig(services: WatchedService[], options: { dashboardUrl?: string } = {}): ObserverConfigInput {
  const names = new Set(services.map((s) => s.name));
  return {
    defaults: { intervalSeconds: 5, timeoutMs: 2_000 },
    targets: services.map((service) => ({
      name: service.name,
      url: healthUrl(service.url),
      kind: 'health',
      dependsOn: service.dependsOn.filter((dep) => names.has(dep) && dep !== service.name),
      labels: { fleet: 'local' },
    })),
    alerting: options.dashboardUrl ? { dashboardUrl: options.dashboardUrl } : {},
  };
}

function healthUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/health') ? trimmed : `${trimmed}/health`;
}
