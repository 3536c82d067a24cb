import { demoCategories, demoProducts } from '../data-access/demo-catalog';
import type { SeedRepository } from '../data-access/seed.repository';
import { tags, type CatalogDeps } from './catalog-deps';

/** Name of the demo seed in seed_history; bump it to seed a new edition. */
export const DEMO_SEED = 'demo-catalog-v1';

/** Seeds the demo catalog on the first start only (idempotent, safe with concurrent starts). Returns whether it seeded. */
export async function seedDemoData(deps: CatalogDeps, seeds: SeedRepository): Promise<boolean> {
  const seeded = await seeds.seedOnce(DEMO_SEED, demoCategories, demoProducts);
  if (seeded) await deps.cache.invalidate([tags.categories, tags.productLists]);
  return seeded;
}
