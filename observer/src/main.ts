import { startService } from '@erp/service-kit';
import { buildObserverService } from './service';

void startService(buildObserverService());
