import type { CatalogHarness } from './catalog-harness';

/** One bad request and what it must get back. */
export interface BadInputCase {
  method: string;
  path: string;
  /** A JSON body (encoded), or a raw body with `contentType`. */
  json?: unknown;
  raw?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Whose access token to send (`null`: none); default the harness's admin token. */
  token?: string | null;
  status: number;
  /** For 400 validation problems: a field the `errors` array must name. */
  field?: string;
}

/** A named case, built lazily (it may use ids created in beforeAll). */
export interface NamedCase {
  name: string;
  make: () => BadInputCase;
}

/** Shorthand for a {@link NamedCase}. */
export function badCase(name: string, make: () => BadInputCase): NamedCase {
  return { name, make };
}

/** Every row of both tables, so a test can prove a rejected request wrote nothing. */
export async function snapshotTables(harness: CatalogHarness): Promise<string> {
  const products = await harness.sql(
    `SELECT id, sku, name, description, price_cents, currency, category_id, active, attributes, version, updated_at FROM products ORDER BY id`,
  );
  const categories = await harness.sql(`SELECT id, parent_id, slug, name, path, depth, version, updated_at FROM categories ORDER BY id`);
  return JSON.stringify({ products, categories });
}

/** Sends a bad-input case and asserts: the expected 4xx, problem+json, the field named, nothing written. */
export async function expectRejected(harness: CatalogHarness, badCase: BadInputCase): Promise<void> {
  const before = await snapshotTables(harness);
  const headers: Record<string, string> = { ...badCase.headers };
  let body: string | undefined;
  if (badCase.raw !== undefined) body = badCase.raw;
  else if (badCase.json !== undefined) body = JSON.stringify(badCase.json);
  const contentType = badCase.contentType === undefined ? 'application/json' : badCase.contentType;
  if (body !== undefined && contentType !== null) headers['content-type'] = contentType;
  const response = await harness.request(badCase.method, badCase.path, { body, headers, token: badCase.token });

  expect({ status: response.status, contentType: response.contentType }).toEqual({
    status: badCase.status,
    contentType: expect.stringContaining('application/problem+json'),
  });
  expect(response.body.status).toBe(badCase.status);
  expect(response.text).not.toMatch(/at .+\.ts:\d+/);
  if (badCase.field !== undefined) {
    expect(response.body.errors?.map((error) => error.field)).toContain(badCase.field);
  }
  expect(await snapshotTables(harness)).toBe(before);
}

/** A JSON document larger than the default 100 kB body limit. */
export function oversizedJson(base: Record<string, unknown>): string {
  return JSON.stringify({ ...base, description: 'x'.repeat(150 * 1024) });
}
