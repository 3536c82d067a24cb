export {
  AppError,
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
  PreconditionFailedError,
  TooManyRequestsError,
  type AppErrorOptions,
  type ErrorKind,
  type FieldError,
} from '@erp/errors';
export { problemMiddleware, notFoundMiddleware, sendProblem, problemOf, problemOfAppError, problemOfStatus, STATUS_OF_KIND, PROBLEM_CONTENT_TYPE, type Problem } from './problem.middleware';
export { fieldErrorsFromZod } from './zod-issues';
