import type { Request, Response } from 'express';
import type { Asset } from '../../domain/asset';

/** For URLs that carry the content hash: cache for a year, never revalidate. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** For URLs without a hash: a short max-age, then revalidate with If-None-Match. */
export function revalidating(maxAgeSeconds: number): string {
  return `public, max-age=${maxAgeSeconds}, must-revalidate`;
}

/** The strong ETag of an asset: its content hash. */
export function etagOf(asset: Asset): string {
  return `"${asset.hash}"`;
}

/**
 * RFC 9110 §13.1.2: If-None-Match uses the weak comparison, so `W/"x"` matches `"x"`; `*` matches any
 * current representation; the header may list several tags.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Sends a public asset with its strong ETag and the given Cache-Control, or 304 with the same headers
 * when the client's copy is current. Theme files are meant for other origins' pages too, so they may
 * be loaded cross-origin.
 */
export function sendAsset(req: Request, res: Response, asset: Asset, cacheControl: string): void {
  const etag = etagOf(asset);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (ifNoneMatchHits(req.get('if-none-match'), etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Content-Length', Buffer.byteLength(asset.body));
  res.status(200).end(asset.body);
}
