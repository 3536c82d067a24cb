import { Redis } from 'ioredis';
import { freshVersion, type CacheStore } from './cache-store';

/**
 * Reads (creating when missing) the version of each tag in KEYS, then the value of `ARGV[1]@v1,v2…`, in one round trip.
 * ARGV[2] is the version given to a tag that has none. Returns { versions joined by ",", value or false }.
 */
const GET_TAGGED = `
local versions = {}
for i, tag in ipairs(KEYS) do
  local v = redis.call('GET', tag)
  if not v then
    v = ARGV[2] .. '.' .. i
    redis.call('SET', tag, v)
  end
  versions[i] = v
end
local joined = table.concat(versions, ',')
return { joined, redis.call('GET', ARGV[1] .. '@' .. joined) }
`;

type RedisWithScripts = Redis & { erpGetTagged(numKeys: number, ...args: string[]): Promise<[string, string | null]> };

/** Redis store (ioredis): auto-pipelined, with a per-command timeout so a hung Redis never hangs a request. */
export class RedisStore implements CacheStore {
  readonly kind = 'redis' as const;
  private readonly redis: RedisWithScripts;

  constructor(url: string, options: { namespace: string; commandTimeoutMs: number }) {
    const redis = new Redis(url, {
      connectionName: options.namespace,
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    });
    redis.defineCommand('erpGetTagged', { lua: GET_TAGGED });
    // Errors surface on the commands themselves; an unhandled 'error' event would crash the process.
    redis.on('error', () => undefined);
    this.redis = redis as RedisWithScripts;
  }

  /** The underlying client, for status and events. */
  get client(): Redis {
    return this.redis;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlSeconds * 1000)));
  }

  async del(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys);
  }

  async getTagged(keyBase: string, tags: string[]): Promise<{ key: string; value: string | undefined }> {
    const [versions, value] = await this.redis.erpGetTagged(tags.length, ...tags, keyBase, freshVersion());
    return { key: `${keyBase}@${versions}`, value: value ?? undefined };
  }

  async bumpTags(tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    const version = freshVersion();
    await this.redis.mset(...tags.flatMap((tag, i) => [tag, `${version}.${i}`]));
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
