import { z } from 'zod';
import { ApiRouter } from '@erp/service-kit';
import { createLocation, listLocations } from '../../domain/locations.use-case';
import { LocationBody } from './inventory.schemas';
import { PUBLIC, STOCK_KEEPERS } from './access-policy';
import type { InventoryDeps } from '../../domain/inventory-deps';

const LocationResponse = z.object({ code: z.string(), name: z.string(), createdAt: z.string() });

/** Warehouses / bins. */
export function locationRoutes(deps: InventoryDeps): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  api.route(
    {
      method: 'get',
      path: '/locations',
      tags: ['locations'],
      summary: 'Every location',
      auth: PUBLIC,
      responses: { 200: z.object({ items: z.array(LocationResponse) }) },
    },
    async () => ({ status: 200, body: { items: await listLocations(deps) } }),
  );
  api.route(
    {
      method: 'post',
      path: '/locations',
      tags: ['locations'],
      summary: 'Add a location',
      body: LocationBody,
      auth: STOCK_KEEPERS,
      responses: { 201: LocationResponse, 400: 'problem', 409: 'problem' },
    },
    async ({ body }) => ({ status: 201, body: await createLocation(deps, body) }),
  );
  return api;
}
