/**
 * The kit's error classes, imported from their own files rather than the kit's index: the kit uses
 * this package to verify tokens, so going through its index would make a load-time import cycle.
 */
export { UnauthorizedError } from '@erp/service-kit/src/errors/unauthorized.error';
export { ForbiddenError } from '@erp/service-kit/src/errors/forbidden.error';
export { NotFoundError } from '@erp/service-kit/src/errors/not-found.error';
export { ServiceUnavailableError } from '@erp/service-kit/src/errors/service-unavailable.error';
