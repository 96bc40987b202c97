import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, translateDatabaseError } from '../errors.js';
import type { Logger } from '../logger.js';
import { fieldErrorsOf } from './validate.js';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Maps anything thrown to one AppError (an unknown error becomes `internal`). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return new AppError('validation_failed', 'Some fields are invalid', fieldErrorsOf(err.issues));
  const parser = err as BodyParserError;
  if (parser?.type === 'entity.parse.failed') return new AppError('bad_request', 'The request body is not valid JSON');
  if (parser?.type === 'entity.too.large')
    return new AppError('payload_too_large', `The request body is larger than the limit of ${parser.limit} bytes`);
  if (parser?.type === 'encoding.unsupported' || parser?.type === 'charset.unsupported')
    return new AppError('bad_request', 'Unsupported body encoding');
  if (parser?.status && parser.status >= 400 && parser.status < 500) return new AppError('bad_request', 'The request could not be read');
  return translateDatabaseError(err) ?? new AppError('internal', 'Something went wrong on our side');
}

/** The one place errors become HTTP: `{"error": {"code", "message", "fields"}}`. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.code === 'internal') {
      logger.error({ err, requestId: req.id, method: req.method, url: req.originalUrl }, 'unhandled error');
    }
    if (res.headersSent) return;
    const retryAfter = appError.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.fields ? { fields: appError.fields } : {}),
        ...(appError.details ?? {}),
        ...(appError.code === 'internal' ? { requestId: req.id } : {}),
      },
    });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};
