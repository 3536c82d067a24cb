import type { InfluxDB } from 'influx';
import { continuousQueries } from './influx-schema';

const HOUR_MS = 3_600_000;

/**
 * Computes the 1-minute and then the 1-hour rollups over [from, to) with the continuous queries' own SELECT … INTO
 * (the same statements, bounded in time). The continuous queries only look back 2 minutes / 2 hours, so points
 * written later than that (an import, a long InfluxDB outage drained late) are rolled up by calling this.
 * The range is widened to whole hours so no hourly bucket is left half computed.
 */
export async function backfillRollups(client: InfluxDB, database: string, from: number, to: number): Promise<void> {
  const start = Math.floor(from / HOUR_MS) * HOUR_MS;
  const end = Math.ceil(to / HOUR_MS) * HOUR_MS;
  // Ordered 1 m before 1 h: the hourly rollups are computed from the minute ones.
  for (const cq of continuousQueries(database, '10s')) {
    const bounded = cq.query.replace(' GROUP BY time(', ` WHERE time >= ${start}ms AND time < ${end}ms GROUP BY time(`);
    await client.query(bounded);
  }
}
