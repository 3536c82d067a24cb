import type { InventoryStore } from '../data-access/inventory-store';

/** What the inventory use-cases work with: the repositories (outside or inside one transaction). */
export type InventoryDeps = InventoryStore;
