import { MAX_CATEGORY_DEPTH } from '../src/domain/category.schema';
import { badCase, expectRejected, oversizedJson, type NamedCase } from './support/bad-input';
import { productBody, startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** One real hr for the whole file. */
let identity: TestIdentity;

let catalog: CatalogHarness;
/** root → child → grandchild → … → deepest (at the deepest level allowed); `leaf` is a root with a product in it. */
const ids = { root: '', child: '', grandchild: '', deepest: '', leaf: '' };
const unknownId = '8f6e3c1a-5b2d-4e7f-9a0b-1c2d3e4f5a6b';

async function createCategory(slug: string, parentId: string | null = null): Promise<string> {
  const response = await catalog.request<{ id: string }>('POST', '/api/v1/categories', { json: { slug, name: slug, parentId } });
  if (response.status !== 201) throw new Error(`creating ${slug}: ${response.status} ${response.text}`);
  return response.body.id;
}

beforeAll(async () => {
  identity = await startIdentity();
  catalog = await startCatalog({ identity });
  ids.root = await createCategory('root');
  ids.child = await createCategory('child', ids.root);
  ids.grandchild = await createCategory('grandchild', ids.child);
  ids.deepest = ids.grandchild;
  for (let depth = 3; depth <= MAX_CATEGORY_DEPTH; depth += 1) ids.deepest = await createCategory(`level-${depth}`, ids.deepest);
  ids.leaf = await createCategory('leaf');
  await catalog.request('POST', '/api/v1/products', { json: productBody({ categoryId: ids.leaf }) });
});

afterAll(async () => {
  await catalog?.stop();
  await identity?.idp.stop();
});

/** Bad bodies shared by POST and PUT. */
function fullBodyCases(method: string, path: () => string): NamedCase[] {
  const bad = (name: string, json: () => unknown, status: number, field?: string) =>
    badCase(name, () => ({ method, path: path(), json: json(), status, field }));
  return [
    bad('slug is a number', () => ({ slug: 5, name: 'Five' }), 400, 'slug'),
    bad('name is missing', () => ({ slug: 'no-name' }), 400, 'name'),
    bad('slug is missing', () => ({ name: 'No slug' }), 400, 'slug'),
    bad('an unknown field is sent', () => ({ slug: 'x', name: 'X', position: 1 }), 400, 'position'),
    bad('the slug has upper-case letters and spaces', () => ({ slug: 'Bad Slug', name: 'X' }), 400, 'slug'),
    bad('the name is huge', () => ({ slug: 'huge', name: 'n'.repeat(20_000) }), 400, 'name'),
    bad('parentId is not a uuid', () => ({ slug: 'p', name: 'P', parentId: 'root' }), 400, 'parentId'),
    bad('the parent does not exist', () => ({ slug: 'orphan', name: 'Orphan', parentId: unknownId }), 422),
    badCase('the JSON is malformed', () => ({ method, path: path(), raw: '{"slug":', status: 400 })),
    badCase('the body is over the size limit', () => ({
      method,
      path: path(),
      raw: oversizedJson({ slug: 'big', name: 'Big' }),
      status: 413,
    })),
    badCase('the content type is text/plain', () => ({
      method,
      path: path(),
      raw: '{"slug":"t","name":"T"}',
      contentType: 'text/plain',
      status: 415,
    })),
  ];
}

const createCases: NamedCase[] = [
  ...fullBodyCases('POST', () => '/api/v1/categories'),
  badCase('the slug is taken', () => ({ method: 'POST', path: '/api/v1/categories', json: { slug: 'child', name: 'Again' }, status: 409 })),
  badCase('the tree would get too deep', () => ({
    method: 'POST',
    path: '/api/v1/categories',
    json: { slug: 'deep', name: 'Deep', parentId: ids.deepest },
    status: 422,
  })),
];

const replaceCases: NamedCase[] = [
  ...fullBodyCases('PUT', () => `/api/v1/categories/${ids.child}`),
  badCase('the id is unknown', () => ({
    method: 'PUT',
    path: `/api/v1/categories/${unknownId}`,
    json: { slug: 'u', name: 'U' },
    status: 404,
  })),
  badCase('the category would become its own parent', () => ({
    method: 'PUT',
    path: `/api/v1/categories/${ids.child}`,
    json: { slug: 'child', name: 'child', parentId: ids.child },
    status: 409,
  })),
  badCase('the category would move under its own descendant', () => ({
    method: 'PUT',
    path: `/api/v1/categories/${ids.root}`,
    json: { slug: 'root', name: 'root', parentId: ids.grandchild },
    status: 409,
  })),
  badCase('the slug belongs to another category', () => ({
    method: 'PUT',
    path: `/api/v1/categories/${ids.child}`,
    json: { slug: 'leaf', name: 'child', parentId: ids.root },
    status: 409,
  })),
];

const patchCases: NamedCase[] = [
  badCase('the patch is empty', () => ({ method: 'PATCH', path: `/api/v1/categories/${ids.child}`, json: {}, status: 400 })),
  badCase('name is a boolean', () => ({
    method: 'PATCH',
    path: `/api/v1/categories/${ids.child}`,
    json: { name: true },
    status: 400,
    field: 'name',
  })),
  badCase('the id is not a uuid', () => ({
    method: 'PATCH',
    path: '/api/v1/categories/child',
    json: { name: 'x' },
    status: 400,
    field: 'id',
  })),
  badCase('the id is unknown', () => ({ method: 'PATCH', path: `/api/v1/categories/${unknownId}`, json: { name: 'x' }, status: 404 })),
  badCase('the move would create a cycle', () => ({
    method: 'PATCH',
    path: `/api/v1/categories/${ids.root}`,
    json: { parentId: ids.child },
    status: 409,
  })),
  badCase('the move would make the tree too deep', () => ({
    method: 'PATCH',
    path: `/api/v1/categories/${ids.root}`,
    json: { parentId: ids.leaf },
    status: 422,
  })),
  badCase('If-Match is stale', () => ({
    method: 'PATCH',
    path: `/api/v1/categories/${ids.child}`,
    json: { name: 'x' },
    headers: { 'if-match': '"77"' },
    status: 412,
  })),
];

const deleteCases: NamedCase[] = [
  badCase('the category has children', () => ({ method: 'DELETE', path: `/api/v1/categories/${ids.root}`, status: 409 })),
  badCase('the category has products', () => ({ method: 'DELETE', path: `/api/v1/categories/${ids.leaf}`, status: 409 })),
  badCase('the id is unknown', () => ({ method: 'DELETE', path: `/api/v1/categories/${unknownId}`, status: 404 })),
  badCase('the id is not a uuid', () => ({ method: 'DELETE', path: '/api/v1/categories/1', status: 400, field: 'id' })),
  badCase('If-Match is stale', () => ({
    method: 'DELETE',
    path: `/api/v1/categories/${ids.grandchild}`,
    headers: { 'if-match': '"77"' },
    status: 412,
  })),
];

describe.each([
  ['POST /api/v1/categories', createCases],
  ['PUT /api/v1/categories/{id}', replaceCases],
  ['PATCH /api/v1/categories/{id}', patchCases],
  ['DELETE /api/v1/categories/{id}', deleteCases],
])('%s with bad input', (_route, cases) => {
  test.each(cases.map((named) => [named.name, named] as const))(
    'when %s, then it is a 4xx problem and nothing is written',
    async (_name, named) => {
      await expectRejected(catalog, named.make());
    },
  );
});
