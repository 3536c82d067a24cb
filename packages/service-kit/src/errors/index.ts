export {
  HttpError,
  PROBLEM_BASE,
  BadRequestError,
  ValidationError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  UnprocessableError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ServiceUnavailableError,
  type HttpErrorOptions,
  type FieldError,
} from '@erp/errors';
export { problemMiddleware, notFoundMiddleware, sendProblem, toHttpError, PROBLEM_CONTENT_TYPE } from './problem.middleware';
export { fieldErrorsFromZod } from './zod-issues';
