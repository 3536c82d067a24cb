import { badCase, expectRejected, oversizedJson, type NamedCase } from './support/bad-input';
import { productBody, startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** One real hr for the whole file. */
let identity: TestIdentity;

type ProductBody = Record<string, unknown>;

let catalog: CatalogHarness;
let categoryId: string;
let existing: { id: string; sku: string; version: number };
let other: { sku: string };
const unknownId = '3b241101-e2bb-4255-8caf-4136c566a962';

beforeAll(async () => {
  identity = await startIdentity();
  catalog = await startCatalog({ identity });
  const category = await catalog.request<{ id: string }>('POST', '/api/v1/categories', { json: { slug: 'shoes', name: 'Shoes' } });
  categoryId = category.body.id;
  existing = (
    await catalog.request<{ id: string; sku: string; version: number }>('POST', '/api/v1/products', {
      json: productBody({ sku: 'EXIST-1', categoryId }),
    })
  ).body;
  other = (await catalog.request<{ sku: string }>('POST', '/api/v1/products', { json: productBody({ sku: 'EXIST-2' }) })).body;
});

afterAll(async () => {
  await catalog?.stop();
  await identity?.idp.stop();
});

function without(body: ProductBody, field: string): ProductBody {
  const copy = { ...body };
  delete copy[field];
  return copy;
}

/** Bad bodies shared by POST and PUT (both take a full product). */
function fullBodyCases(method: string, path: () => string): NamedCase[] {
  const valid = () => productBody({ categoryId });
  const bad = (name: string, json: () => unknown, status: number, field?: string) =>
    badCase(name, () => ({ method, path: path(), json: json(), status, field }));
  return [
    bad('priceCents is a string', () => ({ ...valid(), priceCents: '12' }), 400, 'priceCents'),
    bad('active is a string', () => ({ ...valid(), active: 'yes' }), 400, 'active'),
    bad('attributes is an array', () => ({ ...valid(), attributes: [] }), 400, 'attributes'),
    bad('an attribute is an object', () => ({ ...valid(), attributes: { size: { eu: 42 } } }), 400, 'attributes.size'),
    bad('sku is missing', () => without(valid(), 'sku'), 400, 'sku'),
    bad('name is missing', () => without(valid(), 'name'), 400, 'name'),
    bad('priceCents is missing', () => without(valid(), 'priceCents'), 400, 'priceCents'),
    bad('currency is missing', () => without(valid(), 'currency'), 400, 'currency'),
    bad('an unknown field is sent', () => ({ ...valid(), colour: 'red' }), 400, 'colour'),
    bad('the name is huge', () => ({ ...valid(), name: 'n'.repeat(10_000) }), 400, 'name'),
    bad('the description is huge', () => ({ ...valid(), description: 'd'.repeat(6000) }), 400, 'description'),
    bad('the sku is huge', () => ({ ...valid(), sku: 'A'.repeat(50_000) }), 400, 'sku'),
    bad(
      'there are too many attributes',
      () => ({ ...valid(), attributes: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`a${i}`, i])) }),
      400,
      'attributes',
    ),
    bad('an attribute value is huge', () => ({ ...valid(), attributes: { note: 'x'.repeat(600) } }), 400, 'attributes.note'),
    bad('the price is negative', () => ({ ...valid(), priceCents: -1 }), 400, 'priceCents'),
    bad('the price has a fraction', () => ({ ...valid(), priceCents: 12.5 }), 400, 'priceCents'),
    bad('the price does not fit the column', () => ({ ...valid(), priceCents: 2 ** 31 }), 400, 'priceCents'),
    bad('the currency is lower-case', () => ({ ...valid(), currency: 'eur' }), 400, 'currency'),
    bad('the currency is not ISO 4217', () => ({ ...valid(), currency: 'ABC' }), 400, 'currency'),
    bad('the sku has spaces inside', () => ({ ...valid(), sku: 'AB CD' }), 400, 'sku'),
    bad('the sku is too short', () => ({ ...valid(), sku: 'AB' }), 400, 'sku'),
    bad('categoryId is not a uuid', () => ({ ...valid(), categoryId: '42' }), 400, 'categoryId'),
    bad('the body is null', () => null, 400),
    bad('the body is an array', () => [valid()], 400),
    bad('the body is a string', () => 'product', 400),
    bad('the category does not exist', () => ({ ...valid(), categoryId: unknownId }), 422),
    badCase('the JSON is malformed', () => ({ method, path: path(), raw: '{"sku": "X-1", "name":', status: 400 })),
    badCase('the body is over the size limit', () => ({ method, path: path(), raw: oversizedJson(valid()), status: 413 })),
    badCase('the content type is text/plain', () => ({
      method,
      path: path(),
      raw: JSON.stringify(valid()),
      contentType: 'text/plain',
      status: 415,
    })),
    badCase('the content type is a form', () => ({
      method,
      path: path(),
      raw: 'sku=X-1',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
    })),
    badCase('there is no content type', () => ({ method, path: path(), raw: JSON.stringify(valid()), contentType: null, status: 415 })),
  ];
}

const createCases: NamedCase[] = [
  ...fullBodyCases('POST', () => '/api/v1/products'),
  badCase('the sku is taken', () => ({ method: 'POST', path: '/api/v1/products', json: productBody({ sku: existing.sku }), status: 409 })),
  badCase('the sku is taken up to case and spaces', () => ({
    method: 'POST',
    path: '/api/v1/products',
    json: productBody({ sku: ` ${existing.sku.toLowerCase()} ` }),
    status: 409,
  })),
];

const replaceCases: NamedCase[] = [
  ...fullBodyCases('PUT', () => `/api/v1/products/${existing.id}`),
  badCase('the id is unknown', () => ({ method: 'PUT', path: `/api/v1/products/${unknownId}`, json: productBody(), status: 404 })),
  badCase('the id is not a uuid', () => ({
    method: 'PUT',
    path: '/api/v1/products/not-a-uuid',
    json: productBody(),
    status: 400,
    field: 'id',
  })),
  badCase('the sku belongs to another product', () => ({
    method: 'PUT',
    path: `/api/v1/products/${existing.id}`,
    json: productBody({ sku: other.sku }),
    status: 409,
  })),
  badCase('If-Match is stale', () => ({
    method: 'PUT',
    path: `/api/v1/products/${existing.id}`,
    json: productBody(),
    headers: { 'if-match': '"999"' },
    status: 412,
  })),
  badCase('If-Match is malformed', () => ({
    method: 'PUT',
    path: `/api/v1/products/${existing.id}`,
    json: productBody(),
    headers: { 'if-match': 'v1' },
    status: 400,
    field: 'if-match',
  })),
];

const patchPath = () => `/api/v1/products/${existing.id}`;
const patchCases: NamedCase[] = [
  badCase('the patch is empty', () => ({ method: 'PATCH', path: patchPath(), json: {}, status: 400 })),
  badCase('priceCents is a string', () => ({
    method: 'PATCH',
    path: patchPath(),
    json: { priceCents: '5' },
    status: 400,
    field: 'priceCents',
  })),
  badCase('name is null', () => ({ method: 'PATCH', path: patchPath(), json: { name: null }, status: 400, field: 'name' })),
  badCase('an unknown field is sent', () => ({ method: 'PATCH', path: patchPath(), json: { stock: 5 }, status: 400, field: 'stock' })),
  badCase('the name is huge', () => ({
    method: 'PATCH',
    path: patchPath(),
    json: { name: 'n'.repeat(100_000) },
    status: 400,
    field: 'name',
  })),
  badCase('the JSON is malformed', () => ({ method: 'PATCH', path: patchPath(), raw: '{"name": }', status: 400 })),
  badCase('the body is over the size limit', () => ({ method: 'PATCH', path: patchPath(), raw: oversizedJson({}), status: 413 })),
  badCase('the content type is text/plain', () => ({
    method: 'PATCH',
    path: patchPath(),
    raw: '{"name":"x"}',
    contentType: 'text/plain',
    status: 415,
  })),
  badCase('the id is unknown', () => ({ method: 'PATCH', path: `/api/v1/products/${unknownId}`, json: { name: 'x' }, status: 404 })),
  badCase('the id is not a uuid', () => ({ method: 'PATCH', path: '/api/v1/products/123', json: { name: 'x' }, status: 400, field: 'id' })),
  badCase('the sku belongs to another product', () => ({
    method: 'PATCH',
    path: patchPath(),
    json: { sku: other.sku.toLowerCase() },
    status: 409,
  })),
  badCase('the category does not exist', () => ({ method: 'PATCH', path: patchPath(), json: { categoryId: unknownId }, status: 422 })),
  badCase('If-Match is stale', () => ({
    method: 'PATCH',
    path: patchPath(),
    json: { name: 'x' },
    headers: { 'if-match': `"${existing.version + 7}"` },
    status: 412,
  })),
];

const deleteCases: NamedCase[] = [
  badCase('the id is unknown', () => ({ method: 'DELETE', path: `/api/v1/products/${unknownId}`, status: 404 })),
  badCase('the id is not a uuid', () => ({ method: 'DELETE', path: '/api/v1/products/abc', status: 400, field: 'id' })),
  badCase('If-Match is stale', () => ({
    method: 'DELETE',
    path: `/api/v1/products/${existing.id}`,
    headers: { 'if-match': '"999"' },
    status: 412,
  })),
  badCase('If-Match is malformed', () => ({
    method: 'DELETE',
    path: `/api/v1/products/${existing.id}`,
    headers: { 'if-match': '999' },
    status: 400,
    field: 'if-match',
  })),
];

describe.each([
  ['POST /api/v1/products', createCases],
  ['PUT /api/v1/products/{id}', replaceCases],
  ['PATCH /api/v1/products/{id}', patchCases],
  ['DELETE /api/v1/products/{id}', deleteCases],
])('%s with bad input', (_route, cases) => {
  test.each(cases.map((named) => [named.name, named] as const))(
    'when %s, then it is a 4xx problem and nothing is written',
    async (_name, named) => {
      await expectRejected(catalog, named.make());
    },
  );
});
