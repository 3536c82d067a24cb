import { ApiRouter } from '@erp/service-kit';
import { z } from 'zod';
import { CATALOG_WRITERS, PUBLIC } from './access-policy';
import type { CatalogDeps } from '../../domain/catalog-deps';
import {
  Category,
  CategoryTree,
  CreateCategory,
  ListCategoriesQuery,
  PatchCategory,
  ReplaceCategory,
  type CategoryDto,
} from '../../domain/category.schema';
import { getCategory, getCategoryTree, listCategories } from '../../domain/get-categories.use-case';
import { IfMatchHeaders, acceptedVersions, etagOf } from '../../domain/if-match';
import { createCategory, deleteCategory, patchCategory, replaceCategory } from '../../domain/write-category.use-case';

const IdParams = z.object({ id: z.uuid() });
const tags = ['categories'];

const withEtag = (status: number, category: CategoryDto) => ({ status, body: category, headers: { ETag: etagOf(category.version) } });

/** `/api/v1/categories`: the category tree (list, nested tree, CRUD; moves re-root the subtree, cycles are refused). */
export function categoryRoutes(deps: CatalogDeps): ApiRouter {
  return new ApiRouter({ prefix: '/api/v1/categories' })
    .route(
      {
        method: 'get',
        path: '',
        auth: PUBLIC,
        tags,
        summary: 'List categories (parents first)',
        query: ListCategoriesQuery,
        responses: { 200: z.array(Category), 400: 'problem' },
      },
      async ({ query }) => ({ status: 200, body: await listCategories(deps, query) }),
    )
    .route(
      {
        method: 'get',
        path: '/tree',
        auth: PUBLIC,
        tags,
        summary: 'The whole category tree, nested',
        responses: { 200: z.array(CategoryTree) },
      },
      async () => ({ status: 200, body: await getCategoryTree(deps) }),
    )
    .route(
      {
        method: 'get',
        path: '/{id}',
        auth: PUBLIC,
        tags,
        summary: 'Get a category',
        params: IdParams,
        responses: { 200: Category, 304: null, 400: 'problem', 404: 'problem' },
      },
      async ({ params }) => withEtag(200, await getCategory(deps, params.id)),
    )
    .route(
      {
        method: 'post',
        path: '',
        auth: CATALOG_WRITERS,
        tags,
        summary: 'Create a category',
        body: CreateCategory,
        responses: { 201: Category, 400: 'problem', 409: 'problem', 413: 'problem', 415: 'problem', 422: 'problem' },
      },
      async ({ body }) => {
        const category = await createCategory(deps, body);
        return { status: 201, body: category, headers: { ETag: etagOf(category.version), Location: `/api/v1/categories/${category.id}` } };
      },
    )
    .route(
      {
        method: 'put',
        path: '/{id}',
        auth: CATALOG_WRITERS,
        tags,
        summary: 'Replace a category (a new parent moves its subtree)',
        params: IdParams,
        body: ReplaceCategory,
        headers: IfMatchHeaders,
        responses: {
          200: Category,
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
        withEtag(200, await replaceCategory(deps, params.id, body, acceptedVersions(headers['if-match']))),
    )
    .route(
      {
        method: 'patch',
        path: '/{id}',
        auth: CATALOG_WRITERS,
        tags,
        summary: 'Change some fields of a category',
        params: IdParams,
        body: PatchCategory,
        headers: IfMatchHeaders,
        responses: {
          200: Category,
          400: 'problem',
          404: 'problem',
          409: 'problem',
          412: 'problem',
          413: 'problem',
          415: 'problem',
          422: 'problem',
        },
      },
      async ({ params, body, headers }) => withEtag(200, await patchCategory(deps, params.id, body, acceptedVersions(headers['if-match']))),
    )
    .route(
      {
        method: 'delete',
        path: '/{id}',
        auth: CATALOG_WRITERS,
        tags,
        summary: 'Delete a category without children or products',
        params: IdParams,
        headers: IfMatchHeaders,
        responses: { 204: null, 400: 'problem', 404: 'problem', 409: 'problem', 412: 'problem' },
      },
      async ({ params, headers }) => {
        await deleteCategory(deps, params.id, acceptedVersions(headers['if-match']));
        return { status: 204 };
      },
    );
}
