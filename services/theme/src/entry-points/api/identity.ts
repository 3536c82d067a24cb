import type { Request } from 'express';
import { authenticate, type TokenVerifier } from '@erp/auth';
import type { Caller } from '../../domain/caller';

/** Turns a request into its caller; undefined when the request is anonymous. */
export type Identify = (req: Request) => Promise<Caller | undefined>;

/**
 * Optional identity on public reads (the theme list, a theme, its contrast report): without a token the caller is
 * anonymous and sees the built-in and shared themes; with one it is verified like on any protected route (a bad
 * token is 401, never silently anonymous) and the caller also sees their own themes.
 */
export function tokenIdentity(verifier: TokenVerifier | undefined): Identify {
  return async (req) => (verifier && req.headers.authorization !== undefined ? authenticate(verifier, req.headers) : undefined);
}
