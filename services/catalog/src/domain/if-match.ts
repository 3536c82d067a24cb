import { z } from 'zod';
import { PreconditionFailedError } from '@erp/errors';

const ENTITY_TAG = String.raw`(?:W\/)?"\d{1,9}"`;

/** Request headers of a conditional write: `If-Match: "3"` (or `*`, or a list) guards against lost updates. */
export const IfMatchHeaders = z.object({
  'if-match': z
    .string()
    .max(200)
    .regex(new RegExp(String.raw`^\s*(?:\*|${ENTITY_TAG}(?:\s*,\s*${ENTITY_TAG})*)\s*$`), 'entity tags like "3", or *')
    .optional()
    .describe('ETag of the version the change is based on; 412 when it is no longer current'),
});

/** The ETag of a resource at `version`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The versions a (validated) `If-Match` header accepts; undefined when absent or `*`. */
export function acceptedVersions(header: string | undefined): number[] | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  return [...header.matchAll(/"(\d+)"/g)].map((match) => Number(match[1]));
}

/** Throws 412 unless `current` is one of the accepted versions. */
export function assertVersionMatches(what: string, current: number, accepted: number[] | undefined): void {
  if (accepted !== undefined && !accepted.includes(current)) throw new PreconditionFailedError(what, current);
}
