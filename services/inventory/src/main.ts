import { startService } from '@erp/service-kit';
import { buildInventoryService } from './service';

void startService(buildInventoryService());
