import { LRUCache } from 'lru-cache';
import { RawJson } from '../raw-json';
import { freshVersion, type CacheStore } from './cache-store';

/**
 * In-process store: an LRU with per-entry TTL; tag versions in a map (tags are few and never evicted). Entries are kept
 * as {@link RawJson}, so every hit hands out the same instance (its encoded bytes are computed once per entry), and the
 * synchronous {@link MemoryStore.peekTagged} lets the cache answer a hit without a round through the event loop.
 */
export class MemoryStore implements CacheStore {
  readonly kind = 'memory' as const;
  private readonly entries: LRUCache<string, RawJson>;
  private readonly tags = new Map<string, string>();

  constructor(maxEntries: number) {
    this.entries = new LRUCache<string, RawJson>({ max: maxEntries, ttlAutopurge: false });
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key)?.text;
  }

  /** The entry under `key` as the shared {@link RawJson}, or undefined. */
  peek(key: string): RawJson | undefined {
    return this.entries.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, new RawJson(value), { ttl: ttlSeconds * 1000 });
  }

  async del(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async getTagged(keyBase: string, tags: string[]): Promise<{ key: string; value: string | undefined }> {
    const { key, value } = this.peekTagged(keyBase, tags);
    return { key, value: value?.text };
  }

  /** {@link getTagged}, synchronously, with the entry as the shared {@link RawJson}. */
  peekTagged(keyBase: string, tags: string[]): { key: string; value: RawJson | undefined } {
    let key = `${keyBase}@`;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i] as string;
      let version = this.tags.get(tag);
      if (version === undefined) {
        version = freshVersion();
        this.tags.set(tag, version);
      }
      key += i === 0 ? version : `,${version}`;
    }
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
