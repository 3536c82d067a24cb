import { STAFF_ROLES } from '@erp/auth';
import { z } from 'zod';

/** Shared request and response schemas of hr's API. */

export const id = z.uuid();
export const idParams = z.object({ id });
export const isoDate = z.iso
  .date()
  .refine((value) => value >= '2000-01-01' && value <= '2100-12-31', { error: 'expected a date between 2000-01-01 and 2100-12-31' });
export const name = z.string().trim().min(1).max(200);
export const text = z.string().max(2_000);
export const email = z.email().max(254);
export const password = z.string().min(12, { error: 'must be at least 12 characters' }).max(256);
export const staffRoles = z.array(z.enum(STAFF_ROLES)).min(1).max(STAFF_ROLES.length);
export const year = z.coerce.number().int().min(2000).max(2100);

/** `?limit=&offset=` on list routes. */
export const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

/** Used in `responses` where the body is an entity we document loosely. */
export const anyObject = z.object({}).loose();
export const anyList = z.array(anyObject);
