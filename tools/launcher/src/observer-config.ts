import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildLocalFleetConfig } from '@erp/observer/src/config/local-fleet';
import { discoverFleet } from './fleet-manifest';
import type { LaunchOptions, RunningMember } from './fleet';

/**
 * Writes the observer's config for the local fleet (unless `OBSERVER_CONFIG` names one) and returns its path.
 * In monitoring mode the services are not ours to start, so the observer watches them at their default ports.
 */
export function writeObserverConfig(opts: LaunchOptions, members: RunningMember[]): string {
  if (opts.env.OBSERVER_CONFIG) return path.resolve(opts.env.OBSERVER_CONFIG);
  const services = members.some((m) => m.kind === 'service')
    ? members.filter((m) => m.kind === 'service').map((m) => ({ name: m.name, url: m.url, dependsOn: m.dependsOn }))
    : discoverFleet(opts.root)
        .filter((m) => m.kind === 'service')
        .map((m) => ({ name: m.name, url: `http://127.0.0.1:${m.defaultPort}`, dependsOn: m.dependsOn }));
  const observer = members.find((m) => m.kind === 'observer');
  const file = path.join(opts.stateDir, 'observer_config.json');
  writeFileSync(file, JSON.stringify(buildLocalFleetConfig(services, observer ? { dashboardUrl: `${observer.url}/` } : {}), null, 2) + '\n');
  return file;
}
