import type { DriverFactory, DriverSettings, WatchdogDriver } from './driver';
import { createDockerDriver } from './docker.driver';
import { createProcessDriver } from './process.driver';

/** The drivers the watchdog knows, by name; a new driver is one file plus one line here. */
export class DriverRegistry {
  private readonly factories = new Map<string, DriverFactory>();

  register(name: string, factory: DriverFactory): this {
    if (this.factories.has(name)) throw new Error(`watchdog driver "${name}" is registered twice`);
    this.factories.set(name, factory);
    return this;
  }

  create(name: string, settings: DriverSettings): WatchdogDriver {
    const factory = this.factories.get(name);
    if (!factory) throw new Error(`unknown watchdog driver "${name}"; known: ${this.names().join(', ')}`);
    return factory(settings);
  }

  names(): string[] {
    return [...this.factories.keys()];
  }
}

/** The built-in drivers. */
export const driverRegistry = new DriverRegistry().register('docker', createDockerDriver).register('process', createProcessDriver);
