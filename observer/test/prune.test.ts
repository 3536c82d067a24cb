import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { DataSource } from 'typeorm';
import { pruneOldRows } from '../src/data-access/activity.repository';
import { observerEntities } from '../src/data-access/entities';
import { ObserverInit1764370000000 } from '../src/data-access/migrations/1764370000000-observer-init';

describe('pruning the observer database', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('observer_prune');
    ds = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: observerEntities,
      migrations: [ObserverInit1764370000000],
      migrationsRun: true,
    });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  test('when rows are past their retention, then they go, except the last transition of each target', async () => {
    const old = new Date(Date.now() - 200 * 86_400_000);
    const recent = new Date(Date.now() - 86_400_000);
    await ds.query(
      `INSERT INTO state_transitions (target, from_state, to_state, at) VALUES ('a', 'PENDING', 'UP', $1), ('a', 'UP', 'DOWN', $2), ('b', 'PENDING', 'UP', $1)`,
      [old, recent],
    );
    await ds.query(
      `INSERT INTO alert_log (at, kind, channel, outcome, title) VALUES ($1, 'down', 'email', 'sent', 'old'), ($2, 'down', 'email', 'sent', 'new')`,
      [old, recent],
    );
    const deleted = await pruneOldRows(ds);
    expect(deleted).toMatchObject({ state_transitions: 1, alert_log: 1 });
    const left = (await ds.query('SELECT target, to_state FROM state_transitions ORDER BY target, at')) as {
      target: string;
      to_state: string;
    }[];
    expect(left).toEqual([
      { target: 'a', to_state: 'DOWN' },
      { target: 'b', to_state: 'UP' },
    ]);
    expect(await ds.query('SELECT title FROM alert_log')).toEqual([{ title: 'new' }]);
  });
});
