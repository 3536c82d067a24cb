/**
 * A JSON body that is already serialized. ApiRouter sends it as is, so a cached value read with `cache.wrapRaw` goes
 * from Redis (or the LRU) to the socket without a parse/stringify round. The in-process cache hands out the same
 * instance on every hit, so its UTF-8 bytes ({@link bytes}) and what a route derives from the text ({@link derive},
 * e.g. an ETag) are computed once per cache entry, not once per response. Treat it as immutable.
 */
export class RawJson {
  private encoded: Buffer | undefined;
  private derived: Map<(text: string) => unknown, unknown> | undefined;

  constructor(readonly text: string) {}

  /** The text as UTF-8, encoded on first use and kept. */
  get bytes(): Buffer {
    return (this.encoded ??= Buffer.from(this.text));
  }

  /**
   * `compute(text)`, computed on the first call with this `compute` function and kept with this value (pass a
   * module-level function, not a fresh closure, or nothing is reused).
   */
  derive<T>(compute: (text: string) => T): T {
    this.derived ??= new Map();
    const known = this.derived.get(compute);
    if (known !== undefined || this.derived.has(compute)) return known as T;
    const value = compute(this.text);
    this.derived.set(compute, value);
    return value;
  }

  /** A fresh parsed copy (mutating it never changes `text`). */
  value<T = unknown>(): T {
    return JSON.parse(this.text) as T;
  }

  static from(value: unknown): RawJson {
    return new RawJson(JSON.stringify(value));
  }
}
