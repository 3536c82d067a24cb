import { startService } from '@erp/service-kit';
import { buildThemeService } from './service';

void startService(buildThemeService());
