import { startService } from '@erp/service-kit';
import { buildCatalogService } from './service';

void startService(buildCatalogService());
