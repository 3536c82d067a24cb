import { LRUCache } from 'lru-cache';
import { freshVersion, type CacheStore } from './cache-store';

/** In-process store: an LRU with per-entry TTL; tag versions in a map (tags are few and never evicted). */
export class MemoryStore implements CacheStore {
  readonly kind = 'memory' as const;
  private readonly entries: LRUCache<string, string>;
  private readonly tags = new Map<string, string>();

  constructor(maxEntries: number) {
    this.entries = new LRUCache<string, string>({ max: maxEntries, ttlAutopurge: false });
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async del(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async getTagged(keyBase: string, tags: string[]): Promise<{ key: string; value: string | undefined }> {
    const versions = tags.map((tag) => {
      let version = this.tags.get(tag);
      if (version === undefined) {
        version = freshVersion();
        this.tags.set(tag, version);
      }
      return version;
    });
    const key = `${keyBase}@${versions.join(',')}`;
    return { key, value: this.entries.get(key) };
  }

  async bumpTags(tags: string[]): Promise<void> {
    for (const tag of tags) this.tags.set(tag, freshVersion());
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}
