import { ApiRouter, type RawJson } from '@erp/service-kit';
import { z } from 'zod';
import { CATALOG_WRITERS, PUBLIC } from './access-policy';
import type { CatalogDeps } from '../../domain/catalog-deps';
import { createProduct } from '../../domain/create-product.use-case';
import { deleteProduct } from '../../domain/delete-product.use-case';
import { getProduct, getProductBySku } from '../../domain/get-product.use-case';
import { IfMatchHeaders, acceptedVersions, etagOf } from '../../domain/if-match';
import { listProducts } from '../../domain/list-products.use-case';
import { versionInProductJson } from '../../domain/product.mapper';
import {
  CreateProduct,
  ListProductsQuery,
  PatchProduct,
  Product,
  ProductPage,
  ReplaceProduct,
  Sku,
  type ProductDto,
} from '../../domain/product.schema';
import { patchProduct, replaceProduct } from '../../domain/update-product.use-case';

const IdParams = z.object({ id: z.uuid() });
const tags = ['products'];

/** A product response with its version as ETag. */
const withEtag = (status: number, product: ProductDto) => ({ status, body: product, headers: { ETag: etagOf(product.version) } });

/** The ETag of a product's JSON text (its version). */
const etagOfProductJson = (json: string) => etagOf(versionInProductJson(json));

/** A cached product (JSON text, sent unchanged) with its version as ETag (derived once per cache entry). */
const rawWithEtag = (product: RawJson) => ({ status: 200, body: product, headers: { ETag: product.derive(etagOfProductJson) } });

/** `/api/v1/products`: list with search, filters and cursor pagination; CRUD; lookup by sku. */
export function productRoutes(deps: CatalogDeps): ApiRouter {
  return new ApiRouter({ prefix: '/api/v1/products' })
    .route(
      {
        method: 'get',
        path: '',
        auth: PUBLIC,
        tags,
        summary: 'List products',
        description: 'Search (q), filters, sort and opaque cursor pagination over (sort key, id): stable under concurrent inserts.',
        query: ListProductsQuery,
        responses: { 200: ProductPage, 400: 'problem' },
      },
      async ({ query }) => ({ status: 200, body: await listProducts(deps, query) }),
    )
    .route(
      {
        method: 'get',
        path: '/by-sku/{sku}',
        auth: PUBLIC,
        tags,
        summary: 'Get a product by sku',
        params: z.object({ sku: Sku }),
        responses: { 200: Product, 400: 'problem', 404: 'problem' },
      },
      async ({ params }) => rawWithEtag(await getProductBySku(deps, params.sku)),
    )
    .route(
      {
        method: 'get',
        path: '/{id}',
        auth: PUBLIC,
        tags,
        summary: 'Get a product',
        params: IdParams,
        responses: { 200: Product, 304: null, 400: 'problem', 404: 'problem' },
      },
      async ({ params }) => rawWithEtag(await getProduct(deps, params.id)),
    )
    .route(
      {
        method: 'post',
        path: '',
        auth: CATALOG_WRITERS,
        tags,
        summary: 'Create a product',
        body: CreateProduct,
        responses: { 201: Product, 400: 'problem', 409: 'problem', 413: 'problem', 415: 'problem', 422: 'problem' },
      },
      async ({ body }) => {
        const product = await createProduct(deps, body);
        return { ...withEtag(201, product), headers: { ETag: etagOf(product.version), Location: `/api/v1/products/${product.id}` } };
      },
    )
    .route(
      {
        method: 'put',
        path: '/{id}',
        auth: CATALOG_WRITERS,
        tags,
        summary: 'Replace a product',
        params: IdParams,
        body: ReplaceProduct,
        headers: IfMatchHeaders,
        responses: {
          200: Product,
          400: 'problem',
          404: 'problem',
          409: 'problem',
          412: 'problem',
          413: 'problem',
          415: 'problem',
          422: 'problem',
        },
      },
      async ({ params, body, headers }) =>
        withEtag(200, await replaceProduct(deps, params.id, body, acceptedVersions(headers['if-match']))),
    )
    .route(
      {
        method: 'patch',
        path: '/{id}',
        auth: CATALOG_WRITERS,
        tags,
        summary: 'Change some fields of a product',
        params: IdParams,
        body: PatchProduct,
        headers: IfMatchHeaders,
        responses: {
          200: Product,
          400: 'problem',
          404: 'problem',
          409: 'problem',
          412: 'problem',
          413: 'problem',
          415: 'problem',
          422: 'problem',
        },
      },
      async ({ params, body, headers }) => withEtag(200, await patchProduct(deps, params.id, body, acceptedVersions(headers['if-match']))),
    )
    .route(
      {
        method: 'delete',
        path: '/{id}',
        auth: CATALOG_WRITERS,
        tags,
        summary: 'Delete a product',
        params: IdParams,
        headers: IfMatchHeaders,
        responses: { 204: null, 400: 'problem', 404: 'problem', 412: 'problem' },
      },
      async ({ params, headers }) => {
        await deleteProduct(deps, params.id, acceptedVersions(headers['if-match']));
        return { status: 204 };
      },
    );
}
