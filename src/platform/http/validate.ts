import type { ZodType, z } from 'zod';
import { AppError, type FieldErrors } from '../errors.js';

/** zod issues -> `{ "field.path": "message" }`; unknown keys are named one by one. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] = 'is not a known field';
      continue;
    }
    const name = issue.path.length ? issue.path.join('.') : '_';
    fields[name] ??= issue.message;
  }
  return fields;
}

/**
 * Parses request input with a (strict) zod schema; on failure throws a 400 naming each field.
 * `where` says which part of the request it was ("body", "query", "path").
 */
export function parseInput<S extends ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path' = 'body'): z.output<S> {
  if (where === 'body' && input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw new AppError('validation_failed', 'The request body must be a JSON object', { _: 'must be a JSON object' });
  }
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error, where);
}

/** The 400 naming each field of a failed parse (parseInput's), for a handler that parsed first and refuses later. */
export function invalidInput(error: z.ZodError, where: 'body' | 'query' | 'path'): AppError {
  const fields = fieldErrorsOf(error.issues);
  return new AppError('validation_failed', `Invalid ${where}: ${Object.keys(fields).join(', ')}`, fields);
}
