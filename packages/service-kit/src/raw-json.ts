/**
 * A JSON body that is already serialized. ApiRouter sends `text` as is, so a cached value read with
 * `cache.wrapRaw` goes from Redis (or the LRU) to the socket without a parse/stringify round.
 */
export class RawJson {
  constructor(readonly text: string) {}

  /** A fresh parsed copy (mutating it never changes `text`). */
  value<T = unknown>(): T {
    return JSON.parse(this.text) as T;
  }

  static from(value: unknown): RawJson {
    return new RawJson(JSON.stringify(value));
  }
}
