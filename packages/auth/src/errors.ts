/** The fleet's error classes, so that token problems become problem+json like every other error. */
export { ForbiddenError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from '@erp/errors';
