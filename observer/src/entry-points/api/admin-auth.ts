import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { UnauthorizedError } from '@erp/service-kit';

/** Throws 401 unless the request carries `Authorization: Bearer <OBSERVER_ADMIN_TOKEN>`. Without a token configured, writes are refused. */
export function requireAdmin(req: Request, token: string | undefined): string {
  if (!token) throw new UnauthorizedError('write routes are disabled: OBSERVER_ADMIN_TOKEN is not set');
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const given = Buffer.from(match?.[1] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('a valid admin bearer token is required');
  return 'admin';
}
