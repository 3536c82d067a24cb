import type { Request } from 'express';
import { ValidationError } from '@erp/service-kit';
import type { Caller } from '../../domain/caller';

/** Turns a request into its caller; undefined when the request is anonymous. */
export type Identify = (req: Request) => Promise<Caller | undefined>;

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const ROLE = /^[a-z][a-z0-9:-]{0,63}$/;

/**
 * INTERIM identity, until the fleet's access tokens (`@erp/auth`, issued by hr) are wired in: trusts
 * `X-User-Id` and `X-User-Roles` (comma-separated) as a gateway in front of the service would set them.
 * Anyone who can reach the service can claim any id, so "own preferences only" is enforced against a
 * claimed identity, not a proven one. Switching to the verified token subject is the `identify:` line
 * in `service.ts`: `(req) => authenticate(verifier, req.headers)` (a Principal has `subject` and `roles`).
 */
export const headerIdentity: Identify = async (req) => {
  const id = req.get('x-user-id');
  if (id === undefined || id === '') return undefined;
  const errors = [];
  if (!USER_ID.test(id)) errors.push({ field: 'x-user-id', in: 'headers' as const, message: 'expected 1–128 characters: letters, digits and . _ : @ -' });
  const roles = (req.get('x-user-roles') ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
  if (roles.length > 20 || roles.some((r) => !ROLE.test(r))) errors.push({ field: 'x-user-roles', in: 'headers' as const, message: 'expected up to 20 comma-separated lower-case role names' });
  if (errors.length > 0) throw new ValidationError(errors);
  return { subject: id, roles };
};
