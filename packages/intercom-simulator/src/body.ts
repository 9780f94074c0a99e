/**
 * Request body parsing with zod, translated into Intercom's 400s: wrong types become `parameter_invalid`
 * naming the field; unknown keys on strict bodies become `bad_request` "bad 'x' parameter" (the spec's
 * POST /companies example).
 */
import type { z } from 'zod';
import { badRequest, parameterInvalid } from './errors';

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const input = body === undefined || body === null ? {} : body;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw parameterInvalid('The request body must be a JSON object');
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw parameterInvalid('Invalid request body');
  if (issue.code === 'unrecognized_keys') throw badRequest('bad_request', `bad '${issue.keys[0] ?? ''}' parameter`);
  const field = issue.path.map(String).join('.');
  throw parameterInvalid(field === '' ? issue.message : `${field}: ${issue.message}`, field === '' ? undefined : field);
}

/** Query string values arrive as strings; Intercom reads `true`/`false` flags from them. */
export function queryFlag(value: unknown): boolean {
  return value === true || value === 'true';
}

export function queryString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
