import {
  AppError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
  type ErrorKind,
} from '@erp/errors';
import { problemOf, STATUS_OF_KIND } from '../src';

describe('application errors → problem documents (the one kind → status table)', () => {
  it.each([
    [new BadRequestError('bad'), 400, 'bad-request'],
    [new ValidationError([{ field: 'name', message: 'is required', in: 'body' }]), 400, 'validation'],
    [new UnauthorizedError(), 401, 'unauthorized'],
    [new ForbiddenError(), 403, 'forbidden'],
    [new NotFoundError('Product', 'p1'), 404, 'not-found'],
    [new ConflictError('taken', undefined, { type: 'sku-taken' }), 409, 'sku-taken'],
    [new PreconditionFailedError('Product', 3), 412, 'precondition-failed'],
    [new PayloadTooLargeError('1kb'), 413, 'payload-too-large'],
    [new UnsupportedMediaTypeError('text/plain'), 415, 'unsupported-media-type'],
    [new UnprocessableError('no such category'), 422, 'unprocessable'],
    [new TooManyRequestsError(30), 429, 'too-many-requests'],
    [new ServiceUnavailableError(), 503, 'service-unavailable'],
  ] as const)('when %s is thrown, then it is a %i problem of its type', (error, status, type) => {
    const problem = problemOf(error);
    expect(problem?.status).toBe(status);
    expect(problem?.document).toMatchObject({ status, type: `https://erp.example/problems/${type}`, title: expect.any(String) });
  });

  it('when every kind is mapped, then each has a 4xx or 503 status (no kind is ever a 500)', () => {
    const kinds = Object.keys(STATUS_OF_KIND) as ErrorKind[];
    for (const kind of kinds)
      expect([...Array.from({ length: 100 }, (_, i) => 400 + i), 503]).toContain(problemOf(new AppError(kind))?.status);
  });

  it('when the error says when to retry, then Retry-After carries it (rate limits in seconds, unavailable after 1 s)', () => {
    expect(problemOf(new TooManyRequestsError(42))?.retryAfterSeconds).toBe(42);
    expect(problemOf(new TooManyRequestsError(42))?.document).toMatchObject({ retryAfterSeconds: 42 });
    expect(problemOf(new ServiceUnavailableError())?.retryAfterSeconds).toBe(1);
    expect(problemOf(new NotFoundError('Product'))?.retryAfterSeconds).toBeUndefined();
  });

  it("when an error that is not the application's carries a 4xx status, then it keeps it; a 5xx or none is unknown", () => {
    expect(problemOf(Object.assign(new Error('x'), { status: 405 }))?.status).toBe(405);
    expect(problemOf(Object.assign(new Error('x'), { statusCode: 500 }))).toBeUndefined();
    expect(problemOf(new Error('boom'))).toBeUndefined();
  });
});
