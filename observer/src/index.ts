export { buildObserverService, observerConfigShape, type ObserverEnvConfig } from './service';
export { observerConfigSchema, type ObserverConfig, type ObserverConfigInput, type TargetConfig } from './config/observer-config.schema';
export { parseObserverConfig, loadObserverConfig, ObserverConfigError } from './config/config-file';
