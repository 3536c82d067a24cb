import type { CategoryDto, CategoryTreeNode } from '../src/domain/category.schema';
import { startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** One real hr for the whole file. */
let identity: TestIdentity;

let catalog: CatalogHarness;

beforeAll(async () => {
  identity = await startIdentity();
  catalog = await startCatalog({ identity });
});

afterAll(async () => {
  await catalog?.stop();
  await identity?.idp.stop();
});

async function create(slug: string, parentId: string | null = null): Promise<CategoryDto> {
  const response = await catalog.request<CategoryDto>('POST', '/api/v1/categories', { json: { slug, name: slug.toUpperCase(), parentId } });
  if (response.status !== 201) throw new Error(`${slug}: ${response.status} ${response.text}`);
  return response.body;
}

const get = async (id: string) => (await catalog.request<CategoryDto>('GET', `/api/v1/categories/${id}`)).body;

describe('category tree', () => {
  test('when categories are nested, then each knows its depth and ancestors, and the tree endpoint nests them by name', async () => {
    const root = await create('garden');
    const tools = await create('garden-tools', root.id);
    const shears = await create('garden-shears', tools.id);
    const beds = await create('garden-beds', root.id);
    expect(shears).toMatchObject({ depth: 2, ancestorIds: [root.id, tools.id], parentId: tools.id });

    const tree = (await catalog.request<CategoryTreeNode[]>('GET', '/api/v1/categories/tree')).body;
    const garden = tree.find((node) => node.id === root.id);
    expect(garden?.children.map((child) => child.slug)).toEqual(['garden-beds', 'garden-tools']);
    expect(garden?.children[1]?.children.map((child) => child.id)).toEqual([shears.id]);

    const children = (await catalog.request<CategoryDto[]>('GET', `/api/v1/categories?parentId=${root.id}`)).body;
    expect(children.map((child) => child.id).sort()).toEqual([tools.id, beds.id].sort());
    const roots = (await catalog.request<CategoryDto[]>('GET', '/api/v1/categories?roots=true')).body;
    expect(roots.every((category) => category.parentId === null)).toBe(true);
  });

  test('when a category moves under another parent, then its whole subtree gets new ancestors and depths', async () => {
    const a = await create('move-a');
    const b = await create('move-b');
    const b1 = await create('move-b1', b.id);
    const middle = await create('move-middle', a.id);
    const leaf = await create('move-leaf', middle.id);

    const moved = await catalog.request<CategoryDto>('PATCH', `/api/v1/categories/${middle.id}`, {
      json: { parentId: b1.id },
      headers: { 'if-match': '"1"' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ depth: 2, ancestorIds: [b.id, b1.id], version: 2 });
    expect(await get(leaf.id)).toMatchObject({ depth: 3, ancestorIds: [b.id, b1.id, middle.id] });

    const toRoot = await catalog.request<CategoryDto>('PUT', `/api/v1/categories/${middle.id}`, {
      json: { slug: 'move-middle', name: 'Middle', parentId: null },
    });
    expect(toRoot.body).toMatchObject({ depth: 0, ancestorIds: [], name: 'Middle' });
    expect(await get(leaf.id)).toMatchObject({ depth: 1, ancestorIds: [middle.id] });
  });

  test('when an empty category is deleted, then it is gone and its parent can be deleted next', async () => {
    const parent = await create('delete-parent');
    const child = await create('delete-child', parent.id);
    expect((await catalog.request('DELETE', `/api/v1/categories/${child.id}`)).status).toBe(204);
    expect((await catalog.request('GET', `/api/v1/categories/${child.id}`)).status).toBe(404);
    expect((await catalog.request('DELETE', `/api/v1/categories/${parent.id}`)).status).toBe(204);
  });

  test('when two categories are moved under each other at the same time, then at most one move succeeds and no cycle exists', async () => {
    const x = await create('race-x');
    const y = await create('race-y');
    const results = await Promise.all([
      catalog.request('PATCH', `/api/v1/categories/${x.id}`, { json: { parentId: y.id } }),
      catalog.request('PATCH', `/api/v1/categories/${y.id}`, { json: { parentId: x.id } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [xNow, yNow] = await Promise.all([get(x.id), get(y.id)]);
    expect(xNow.parentId === y.id && yNow.parentId === x.id).toBe(false);
  });
});
