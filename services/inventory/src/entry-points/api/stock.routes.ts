import { z } from 'zod';
import { ApiRouter } from '@erp/service-kit';
import { requireCatalogSkus, type CatalogSkuLookup } from '../../domain/catalog-skus.use-case';
import { adjustStock, receiveStock, transferStock } from '../../domain/change-stock.use-case';
import { getLowStock, getMovements, getStock, listStock, setLowStockThreshold, verifyLedger } from '../../domain/stock-queries.use-case';
import { PUBLIC, STAFF, STOCK_KEEPERS, actorOf } from './access-policy';
import {
  AdjustmentBody,
  MovementsQuery,
  ReceiptBody,
  SkuParams,
  StockListQuery,
  StockResponse,
  ThresholdBody,
  TransferBody,
} from './inventory.schemas';
import type { InventoryDeps } from '../../domain/inventory-deps';

const page = (item: z.ZodType) => z.object({ items: z.array(item), next: z.string().nullable() });

/**
 * Stock levels, adjustments, receipts, transfers, the ledger and low-stock thresholds. Adjustments, receipts and
 * thresholds of a sku inventory has never held need catalog to have it (`catalogSkus`; see catalog-skus.use-case.ts).
 */
export function stockRoutes(deps: InventoryDeps, catalogSkus?: CatalogSkuLookup): ApiRouter {
  const api = new ApiRouter({ prefix: '/api/v1' });
  const tags = ['stock'];
  api.route(
    {
      method: 'get',
      path: '/stock',
      tags,
      summary: 'Stock of the given skus, or a page of all skus',
      query: StockListQuery,
      auth: PUBLIC,
      responses: { 200: page(StockResponse), 400: 'problem' },
    },
    async ({ query }) => ({ status: 200, body: await listStock(deps, query) }),
  );
  api.route(
    {
      method: 'get',
      path: '/stock/{sku}',
      tags,
      summary: 'Stock of one sku: totals and per location',
      params: SkuParams,
      auth: PUBLIC,
      responses: { 200: StockResponse, 404: 'problem' },
    },
    async ({ params }) => ({ status: 200, body: await getStock(deps, params.sku) }),
  );
  api.route(
    {
      method: 'post',
      path: '/stock/{sku}/adjustments',
      tags,
      summary: 'Adjust on-hand stock by delta (never below reserved)',
      params: SkuParams,
      body: AdjustmentBody,
      auth: STOCK_KEEPERS,
      responses: { 201: StockResponse, 400: 'problem', 404: 'problem', 409: 'problem', 422: 'problem', 503: 'problem' },
    },
    async ({ params, body, principal }) => {
      await requireCatalogSkus(deps, catalogSkus, [params.sku]);
      return {
        status: 201,
        body: await adjustStock(deps, {
          sku: params.sku,
          location: body.location,
          delta: body.delta,
          reason: body.reason,
          reference: body.reference ?? null,
          actor: actorOf(principal),
        }),
      };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/stock/{sku}/movements',
      tags,
      summary: 'The ledger of a sku, oldest first',
      params: SkuParams,
      query: MovementsQuery,
      auth: STAFF,
      responses: { 200: z.object({ items: z.array(z.unknown()), next: z.string().nullable() }) },
    },
    async ({ params, query }) => ({ status: 200, body: await getMovements(deps, params.sku, query.after, query.limit) }),
  );
  api.route(
    {
      method: 'put',
      path: '/stock/{sku}/low-stock-threshold',
      tags,
      summary: 'Set (or clear with null) the low-stock threshold',
      params: SkuParams,
      body: ThresholdBody,
      auth: STOCK_KEEPERS,
      responses: {
        200: z.object({ sku: z.string(), lowStockThreshold: z.number().nullable() }),
        400: 'problem',
        422: 'problem',
        503: 'problem',
      },
    },
    async ({ params, body }) => {
      await requireCatalogSkus(deps, catalogSkus, [params.sku]);
      return { status: 200, body: await setLowStockThreshold(deps, params.sku, body.threshold) };
    },
  );
  api.route(
    {
      method: 'get',
      path: '/low-stock',
      tags,
      summary: 'Skus whose available stock is below their threshold',
      auth: PUBLIC,
      responses: {
        200: z.object({ items: z.array(z.object({ sku: z.string(), threshold: z.number(), available: z.number(), onHand: z.number() })) }),
      },
    },
    async () => ({ status: 200, body: await getLowStock(deps) }),
  );
  api.route(
    {
      method: 'post',
      path: '/receipts',
      tags,
      summary: 'Book goods received at a location',
      body: ReceiptBody,
      auth: STOCK_KEEPERS,
      responses: {
        201: z.object({ items: z.array(StockResponse) }),
        400: 'problem',
        404: 'problem',
        409: 'problem',
        422: 'problem',
        503: 'problem',
      },
    },
    async ({ body, principal }) => {
      await requireCatalogSkus(
        deps,
        catalogSkus,
        body.lines.map((l) => l.sku),
      );
      return {
        status: 201,
        body: {
          items: await receiveStock(deps, {
            location: body.location,
            lines: body.lines,
            reason: body.reason,
            reference: body.reference ?? null,
            actor: actorOf(principal),
          }),
        },
      };
    },
  );
  api.route(
    {
      method: 'post',
      path: '/transfers',
      tags,
      summary: 'Move available stock between locations',
      body: TransferBody,
      auth: STOCK_KEEPERS,
      responses: { 201: StockResponse, 400: 'problem', 404: 'problem', 409: 'problem' },
    },
    async ({ body, principal }) => ({
      status: 201,
      body: await transferStock(deps, { ...body, reference: body.reference ?? null, actor: actorOf(principal) }),
    }),
  );
  api.route(
    {
      method: 'get',
      path: '/ledger/verification',
      tags,
      summary: 'Check that every stock level equals its ledger and what its pending and confirmed reservations hold',
      auth: STAFF,
      responses: { 200: z.object({ consistent: z.boolean(), mismatches: z.array(z.unknown()) }) },
    },
    async () => ({ status: 200, body: await verifyLedger(deps) }),
  );
  return api;
}
