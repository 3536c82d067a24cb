// The error classes themselves are imported from @erp/errors; the kit holds only the edge that turns them into responses.
export {
  problemMiddleware,
  notFoundMiddleware,
  sendProblem,
  problemOf,
  problemOfAppError,
  problemOfStatus,
  STATUS_OF_KIND,
  PROBLEM_CONTENT_TYPE,
  type Problem,
} from './problem.middleware';
export { fieldErrorsFromZod } from './zod-issues';
