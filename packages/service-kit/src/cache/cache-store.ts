/** The storage behind a {@link Cache}: raw strings with TTLs, plus tag versions. One implementation per backend. */
export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(keys: string[]): Promise<void>;
  /**
   * Reads the current version of every tag (creating a fresh one for a tag never seen or evicted) and the value of
   * `keyBase@<versions>` in one go.
   */
  getTagged(keyBase: string, tags: string[]): Promise<{ key: string; value: string | undefined }>;
  /** Gives every tag a new, never used version. */
  bumpTags(tags: string[]): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;
const processPart = `${process.pid.toString(36)}.${Date.now().toString(36)}`;

/** A tag version never handed out before (unique across processes and restarts). */
export function freshVersion(): string {
  counter += 1;
  return `${processPart}.${counter.toString(36)}`;
}
