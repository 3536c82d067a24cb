import { startService } from '@erp/service-kit';
import { buildHrService } from './service';

void startService(buildHrService());
