import { startService } from '@erp/service-kit';
import { buildWatchdogService } from './service';

void startService(buildWatchdogService());
