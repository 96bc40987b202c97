/**
 * One error type with a code, mapped to HTTP in one middleware (http/error-middleware.ts) and to
 * notices in AdminJS actions. The Record below makes the type checker flag a code without a status.
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'payment_required'
  | 'rate_limited'
  | 'locked'
  | 'internal'
  /** A service we depend on (Stripe) failed or did not answer: the client may retry (a 5xx frees its Idempotency-Key). */
  | 'unavailable';

export const errorStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    /** Extra JSON merged into the error body (e.g. the current status on an illegal transition). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const NotFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);
export const Forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
export const Unauthorized = (message = 'Authentication required') => new AppError('unauthorized', message);
export const Conflict = (message: string, details?: Record<string, unknown>) => new AppError('conflict', message, undefined, details);
export const ValidationFailed = (fields: FieldErrors, message = 'Some fields are invalid') =>
  new AppError('validation_failed', message, fields);
export const Unavailable = (message: string, details?: Record<string, unknown>) => new AppError('unavailable', message, undefined, details);
export const BadRequest = (message: string) => new AppError('bad_request', message);
export const PaymentRequired = (message: string) => new AppError('payment_required', message);
export const RateLimited = (message = 'Too many requests, try again later', retryAfterSeconds?: number) =>
  new AppError('rate_limited', message, undefined, retryAfterSeconds ? { retryAfterSeconds } : undefined);

/** PostgreSQL error codes we translate rather than let surface as 500s. */
const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_INVALID_TEXT = '22P02';
const PG_CHECK_VIOLATION = '23514';

/** Turns database constraint errors (possibly wrapped by Sequelize) into AppErrors; else returns undefined. */
export function translateDatabaseError(err: unknown): AppError | undefined {
  const original =
    (err as { original?: { code?: string; constraint?: string; detail?: string } })?.original ??
    (err as { code?: string; constraint?: string; detail?: string });
  const code = original?.code;
  if (code === PG_UNIQUE_VIOLATION) {
    const field =
      /Key \(([^)]+)\)/
        .exec(original.detail ?? '')?.[1]
        ?.split(',')
        .pop()
        ?.trim() ?? 'value';
    return new AppError('conflict', `This ${field} is already taken`, { [field]: 'already taken' });
  }
  if (code === PG_FOREIGN_KEY_VIOLATION) return new AppError('conflict', 'A referenced record does not exist or is still in use');
  if (code === PG_CHECK_VIOLATION) return new AppError('bad_request', 'A value is outside what is allowed');
  if (code === PG_INVALID_TEXT) return new AppError('bad_request', 'A value has the wrong format');
  return undefined;
}
