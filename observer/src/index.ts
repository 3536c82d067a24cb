export { buildObserverService, observerConfigShape } from './service';
export { buildLocalFleetConfig, type LocalFleetService } from './config/local-fleet';
export { observerConfigSchema, type ObserverConfig, type ObserverConfigInput, type TargetConfig } from './config/observer-config.schema';
export { parseObserverConfig, loadObserverConfig, ObserverConfigError } from './config/config-file';
