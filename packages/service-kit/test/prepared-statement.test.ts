import { QueryFailedError, type DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { createLogger, createDataSource, preparedStatement, runPrepared } from '../src';

const INSERT_WIDGET = preparedStatement(
  'kit-test.insert-widget',
  'INSERT INTO prepared_widget (name, qty) VALUES ($1, $2) RETURNING id, name, qty',
);
const COUNT_WIDGETS = preparedStatement('kit-test.count-widgets', 'SELECT count(*)::int AS n FROM prepared_widget');

describe('prepared statements', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('kit_prepared');
    dataSource = createDataSource({ url: db.url, entities: [], logger: createLogger({ name: 'kit-test', level: 'silent' }) });
    await dataSource.initialize();
    await dataSource.query(
      'CREATE TABLE prepared_widget (id serial PRIMARY KEY, name text NOT NULL UNIQUE, qty int NOT NULL CHECK (qty >= 0))',
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  beforeEach(async () => dataSource.query('TRUNCATE prepared_widget'));

  it('when a statement runs, then PostgreSQL holds it prepared under its name on that connection, and it returns rows', async () => {
    const prepared = await dataSource.transaction(async (manager) => {
      const rows = await runPrepared<{ name: string; qty: number }>(manager, INSERT_WIDGET, ['bolt', 3]);
      expect(rows).toEqual([{ id: expect.any(Number), name: 'bolt', qty: 3 }]);
      return manager.query<Array<{ name: string; statement: string }>>('SELECT name, statement FROM pg_prepared_statements');
    });
    expect(prepared).toContainEqual({ name: INSERT_WIDGET.name, statement: INSERT_WIDGET.text });
  });

  it('when run outside a transaction, then it uses a pooled connection and the rows are committed', async () => {
    await runPrepared(dataSource.manager, INSERT_WIDGET, ['nut', 1]);
    await runPrepared(dataSource.manager, INSERT_WIDGET, ['washer', 2]);
    expect(await runPrepared(dataSource.manager, COUNT_WIDGETS, [])).toEqual([{ n: 2 }]);
  });

  it('when the transaction it ran in rolls back, then nothing it wrote stays', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await runPrepared(manager, INSERT_WIDGET, ['gear', 1]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await runPrepared(dataSource.manager, COUNT_WIDGETS, [])).toEqual([{ n: 0 }]);
  });

  it("when the statement fails, then the error is TypeORM's QueryFailedError carrying the PostgreSQL code", async () => {
    await runPrepared(dataSource.manager, INSERT_WIDGET, ['spring', 1]);
    const duplicate = await runPrepared(dataSource.manager, INSERT_WIDGET, ['spring', 1]).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(QueryFailedError);
    expect((duplicate as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23505');
    const negative = await runPrepared(dataSource.manager, INSERT_WIDGET, ['cog', -1]).catch((error: unknown) => error);
    expect((negative as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23514');
  });

  it('when a name is defined again, then the same SQL is accepted and different SQL is refused', () => {
    expect(preparedStatement(COUNT_WIDGETS.name, COUNT_WIDGETS.text)).toEqual(COUNT_WIDGETS);
    expect(() => preparedStatement(COUNT_WIDGETS.name, 'SELECT 1')).toThrow('already defined with different SQL');
    expect(() => preparedStatement('Bad Name', 'SELECT 1')).toThrow('invalid name');
  });
});
