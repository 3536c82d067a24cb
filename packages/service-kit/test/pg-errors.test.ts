import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import {
  PG_ERROR,
  isCheckViolation,
  isForeignKeyViolation,
  isPgError,
  isUniqueViolation,
  pgErrorOf,
  unlessDuplicate,
  updateReturning,
} from '../src';

/** Runs `sql` and returns what it threw (fails the test when it succeeds). */
async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe('PostgreSQL errors', () => {
  let db: TestDatabase;
  let client: Client;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('kit_pg_errors');
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`
      CREATE TABLE parent (id int PRIMARY KEY, slug text NOT NULL CONSTRAINT parent_slug_key UNIQUE);
      CREATE TABLE child (id int PRIMARY KEY, parent_id int CONSTRAINT child_parent_fk REFERENCES parent(id), qty int CONSTRAINT child_qty_check CHECK (qty >= 0));
      INSERT INTO parent VALUES (1, 'a');
    `);
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await client?.end();
    await db?.drop();
  });

  it('when a TypeORM query breaks a unique constraint, then code, constraint and table are read from it', async () => {
    const error = await errorOf(() => dataSource.query("INSERT INTO parent VALUES (2, 'a')"));
    expect(pgErrorOf(error)).toEqual({ code: PG_ERROR.uniqueViolation, constraint: 'parent_slug_key', table: 'parent', column: undefined });
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'parent_slug_key')).toBe(true);
    expect(isUniqueViolation(error, 'parent_pkey')).toBe(false);
    expect(isForeignKeyViolation(error)).toBe(false);
  });

  it('when a pg client query points at a missing row, then it is a foreign-key violation on that constraint', async () => {
    const error = await errorOf(() => client.query('INSERT INTO child (id, parent_id) VALUES (1, 99)'));
    expect(isForeignKeyViolation(error, 'child_parent_fk')).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);
  });

  it('when a check constraint fails, then it is a check violation on that constraint', async () => {
    const error = await errorOf(() => dataSource.query('INSERT INTO child (id, qty) VALUES (2, -1)'));
    expect(isCheckViolation(error, 'child_qty_check')).toBe(true);
    expect(isCheckViolation(error, 'other_check')).toBe(false);
  });

  it('when a NOT NULL column is left empty, then the column is named', async () => {
    const error = await errorOf(() => dataSource.query('INSERT INTO parent (id) VALUES (3)'));
    expect(isPgError(error, 'notNullViolation')).toBe(true);
    expect(pgErrorOf(error)?.column).toBe('slug');
  });

  it('when the error is not from PostgreSQL, then nothing matches', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    for (const error of [new Error('plain'), refused, 'text', null, undefined]) {
      expect(pgErrorOf(error)).toBeUndefined();
      expect(isUniqueViolation(error)).toBe(false);
    }
  });

  it('when a write breaks a unique constraint, then unlessDuplicate gives null; another error, or another constraint named, is thrown', async () => {
    await expect(unlessDuplicate(() => dataSource.query(`INSERT INTO parent VALUES (2, 'a')`))).resolves.toBeNull();
    await expect(unlessDuplicate(() => dataSource.query(`INSERT INTO parent VALUES (3, 'c') RETURNING id`))).resolves.toEqual([{ id: 3 }]);
    await expect(unlessDuplicate(() => dataSource.query(`INSERT INTO parent VALUES (4, 'a')`), 'parent_pkey')).rejects.toMatchObject({
      driverError: { code: PG_ERROR.uniqueViolation },
    });
    await expect(unlessDuplicate(() => dataSource.query(`INSERT INTO child VALUES (1, 99, 1)`))).rejects.toMatchObject({
      driverError: { code: PG_ERROR.foreignKeyViolation },
    });
  });

  it('when an UPDATE … RETURNING runs through TypeORM, then updateReturning gives the rows alone (TypeORM answers [rows, count])', async () => {
    expect(await dataSource.query(`UPDATE parent SET slug = 'b' WHERE id = 1 RETURNING id, slug`)).toEqual([[{ id: 1, slug: 'b' }], 1]);
    expect(await updateReturning(dataSource, `UPDATE parent SET slug = 'a' WHERE id = 1 RETURNING id, slug`, [])).toEqual([
      { id: 1, slug: 'a' },
    ]);
    expect(await updateReturning(dataSource, `UPDATE parent SET slug = 'x' WHERE id = $1 RETURNING id`, [404])).toEqual([]);
    expect(await updateReturning(dataSource, `SELECT id FROM parent WHERE id = $1`, [1])).toEqual([{ id: 1 }]);
  });
});
