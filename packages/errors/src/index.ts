/**
 * The fleet's HTTP errors: each becomes an RFC 9457 `application/problem+json` response (the service kit's problem
 * middleware writes them). A package of its own so that `@erp/auth` and the kit can both use them without depending on
 * each other's code.
 */
export { HttpError, PROBLEM_BASE, type HttpErrorOptions } from './http.error';
export { BadRequestError } from './bad-request.error';
export { ValidationError, type FieldError } from './validation.error';
export { UnauthorizedError } from './unauthorized.error';
export { ForbiddenError } from './forbidden.error';
export { NotFoundError } from './not-found.error';
export { ConflictError } from './conflict.error';
export { UnprocessableError } from './unprocessable.error';
export { PayloadTooLargeError } from './payload-too-large.error';
export { UnsupportedMediaTypeError } from './unsupported-media-type.error';
export { ServiceUnavailableError } from './service-unavailable.error';
