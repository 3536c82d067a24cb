import { createHash } from 'node:crypto';

/** A served document with its content hash (first 20 hex digits of SHA-256: the ETag and the URL version). */
export interface Asset {
  body: string;
  contentType: string;
  hash: string;
}

/** Wraps content as an asset, hashing it once. */
export function makeAsset(body: string, contentType: string): Asset {
  return { body, contentType, hash: createHash('sha256').update(body).digest('hex').slice(0, 20) };
}

export const CSS_TYPE = 'text/css; charset=utf-8';
/** DTCG's registered media type for token files. */
export const TOKENS_TYPE = 'application/design-tokens+json; charset=utf-8';
export const JS_TYPE = 'text/javascript; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
