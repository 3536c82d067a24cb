import { startService } from '@erp/service-kit';
import { buildOrdersService } from './service';

void startService(buildOrdersService());
