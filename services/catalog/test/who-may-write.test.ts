import type { CategoryDto } from '../src/domain/category.schema';
import type { ProductDto, ProductPageDto } from '../src/domain/product.schema';
import { badCase, expectRejected, oversizedJson, type NamedCase } from './support/bad-input';
import { productBody, startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** One real hr for the whole file. */
let identity: TestIdentity;
let catalog: CatalogHarness;
let category: CategoryDto;
let product: ProductDto;
/** Tokens of real logins other than the admin's. */
const tokens = { employee: '', manager: '', tampered: '' };

/** The employee's token with its payload rewritten to claim `admin`, the signature left as it was. */
function claimAdmin(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
  return [header, forged, signature].join('.');
}

beforeAll(async () => {
  identity = await startIdentity();
  catalog = await startCatalog({ identity });
  [tokens.employee, tokens.manager] = await Promise.all([
    identity.idp.login('employee@erp.example'),
    identity.idp.login('manager@erp.example'),
  ]);
  tokens.tampered = claimAdmin(tokens.employee);
  category = (await catalog.request<CategoryDto>('POST', '/api/v1/categories', { json: { slug: 'tents', name: 'Tents' } })).body;
  product = (
    await catalog.request<ProductDto>('POST', '/api/v1/products', { json: productBody({ sku: 'TENT-1', categoryId: category.id }) })
  ).body;
});

afterAll(async () => {
  await catalog?.stop();
  await identity?.idp.stop();
});

/** Every write route with a body that an admin could send successfully. */
const writes = (): Array<{ method: string; path: string; json?: unknown }> => [
  { method: 'POST', path: '/api/v1/categories', json: { slug: 'boots', name: 'Boots' } },
  { method: 'PUT', path: `/api/v1/categories/${category.id}`, json: { slug: 'tents', name: 'Tents and shelters' } },
  { method: 'PATCH', path: `/api/v1/categories/${category.id}`, json: { name: 'Shelters' } },
  { method: 'DELETE', path: `/api/v1/categories/${category.id}` },
  { method: 'POST', path: '/api/v1/products', json: productBody() },
  { method: 'PUT', path: `/api/v1/products/${product.id}`, json: productBody({ sku: 'TENT-1', name: 'Renamed' }) },
  { method: 'PATCH', path: `/api/v1/products/${product.id}`, json: { priceCents: 1 } },
  { method: 'DELETE', path: `/api/v1/products/${product.id}` },
];
const ROUTES = [
  'POST /categories',
  'PUT /categories/{id}',
  'PATCH /categories/{id}',
  'DELETE /categories/{id}',
  'POST /products',
  'PUT /products/{id}',
  'PATCH /products/{id}',
  'DELETE /products/{id}',
];

const callers: NamedCase[] = ROUTES.flatMap((route, index) => [
  badCase(`${route} is called without a token, then it is 401`, () => ({ ...writes()[index]!, token: null, status: 401 })),
  badCase(`${route} is called with an employee token, then it is 403`, () => ({
    ...writes()[index]!,
    token: tokens.employee,
    status: 403,
  })),
  badCase(`${route} is called with a manager token, then it is 403`, () => ({ ...writes()[index]!, token: tokens.manager, status: 403 })),
  badCase(`${route} is called with a tampered token claiming admin, then it is 401`, () => ({
    ...writes()[index]!,
    token: tokens.tampered,
    status: 401,
  })),
]);

describe('who may write to the catalog', () => {
  test.each(callers.map((named) => [named.name, named] as const))('when %s and nothing is written', async (_name, named) => {
    await expectRejected(catalog, named.make());
  });

  test.each([
    ['a malformed Authorization header', { token: null, headers: { authorization: 'Bearer not-a-jwt' } }],
    [
      'a Basic Authorization header',
      { token: null, headers: { authorization: `Basic ${Buffer.from('admin@erp.example:x').toString('base64')}` } },
    ],
    ['invalid JSON and no token', { token: null, raw: '{"slug":' }],
    ['an oversized body and no token', { token: null, raw: oversizedJson({ slug: 'big', name: 'Big' }) }],
    ['a wrong content type and no token', { token: null, raw: 'slug=x', contentType: 'application/x-www-form-urlencoded' }],
  ] as const)('when a write comes with %s, then it is 401 before the body is looked at', async (_name, extra) => {
    await expectRejected(catalog, { method: 'POST', path: '/api/v1/categories', status: 401, ...extra });
  });

  test('when a write is refused, then the problem says why in problem+json', async () => {
    const anonymous = await catalog.request('PATCH', `/api/v1/products/${product.id}`, { json: { priceCents: 1 }, token: null });
    const employee = await catalog.request('PATCH', `/api/v1/products/${product.id}`, { json: { priceCents: 1 }, token: tokens.employee });
    expect([anonymous.body.status, anonymous.body.title, employee.body.status, employee.body.title]).toEqual([
      401,
      'Unauthorized',
      403,
      'Forbidden',
    ]);
  });

  test('when the admin writes, then the same route succeeds', async () => {
    const patched = await catalog.request<ProductDto>('PATCH', `/api/v1/products/${product.id}`, {
      json: { priceCents: 4200 },
      token: identity.adminToken,
    });
    expect({ status: patched.status, priceCents: patched.body.priceCents }).toEqual({ status: 200, priceCents: 4200 });
    product = patched.body;
  });

  test('when /openapi.json is read, then every write declares the bearer token and the admin role, and no read does', async () => {
    type Operation = { security?: unknown; 'x-roles'?: string[] };
    const document = await catalog.request<{ paths: Record<string, Record<string, Operation>> }>('GET', '/openapi.json');
    const declared = Object.entries(document.body.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(
        ([method, operation]) => `${method.toUpperCase()} ${path} ${operation.security ? operation['x-roles']?.join('|') : 'public'}`,
      ),
    );
    expect(declared.sort()).toEqual(
      [
        ...ROUTES.map((route) => `${route.replace(' /', ' /api/v1/')} admin`),
        ...['/categories', '/categories/tree', '/categories/{id}', '/products', '/products/by-sku/{sku}', '/products/{id}'].map(
          (path) => `GET /api/v1${path} public`,
        ),
      ].sort(),
    );
  });

  test('when anyone reads without a token, then products and categories are served', async () => {
    const list = await catalog.request<ProductPageDto>('GET', '/api/v1/products', { token: null });
    const one = await catalog.request<ProductDto>('GET', `/api/v1/products/by-sku/${product.sku}`, { token: null });
    const tree = await catalog.request('GET', '/api/v1/categories/tree', { token: null });
    expect([list.status, one.status, tree.status]).toEqual([200, 200, 200]);
    expect(list.body.items.map((item) => item.sku)).toEqual([product.sku]);
  });
});
