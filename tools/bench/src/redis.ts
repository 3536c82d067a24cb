/** The Redis the scenarios give the services (as production has one): BENCH_REDIS_URL, else REDIS_URL, else the local one. */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
