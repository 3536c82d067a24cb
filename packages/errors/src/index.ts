/**
 * The fleet's application errors. Each carries a kind (not-found, conflict, …) and the members of an RFC 9457 problem
 * document, but no HTTP status: the service kit's problem middleware maps kinds to status codes in one place, so code
 * that throws them (domain, auth) knows nothing of HTTP.
 */
export { AppError, PROBLEM_BASE, type AppErrorOptions, type ErrorKind } from './app.error';
export { BadRequestError } from './bad-request.error';
export { ValidationError, type FieldError } from './validation.error';
export { UnauthorizedError } from './unauthorized.error';
export { ForbiddenError } from './forbidden.error';
export { NotFoundError } from './not-found.error';
export { ConflictError } from './conflict.error';
export { PreconditionFailedError } from './precondition-failed.error';
export { UnprocessableError } from './unprocessable.error';
export { PayloadTooLargeError } from './payload-too-large.error';
export { UnsupportedMediaTypeError } from './unsupported-media-type.error';
export { TooManyRequestsError } from './too-many-requests.error';
export { ServiceUnavailableError } from './service-unavailable.error';
