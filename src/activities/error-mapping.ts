/**
 * The one place that turns client errors into Temporal failures (dust's cast_known_errors pattern):
 * a 429 retries exactly when Intercom's window resets, auth and request errors stop retrying and
 * carry the reason an operator sees in the UI, transient errors retry with the policy's backoff.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import { ZodError } from 'zod';
import { firstIssue } from '../config/issues';
import { HullError } from '../hull/errors';
import { IntercomError, IntercomRateLimitedError, IntercomTransientError } from '../intercom/errors';

/**
 * Failure types of our own; the others are the client errors' class names. Workflows list the
 * non-retryable ones in activity-proxies.ts (workflow code cannot import this module).
 */
const RATE_LIMITED = 'IntercomRateLimited';
const INVALID_DATA = 'InvalidData';

export function toApplicationFailure(error: unknown): unknown {
  if (error instanceof IntercomRateLimitedError) {
    return ApplicationFailure.create({
      type: RATE_LIMITED,
      message: error.message,
      nextRetryDelay: error.retryAfterMs,
      details: [error.details],
    });
  }
  if (error instanceof IntercomError) {
    return ApplicationFailure.create({
      type: error.name,
      message: error.message,
      nonRetryable: !error.retryable,
      nextRetryDelay: error instanceof IntercomTransientError ? error.retryAfterMs : undefined,
      details: [error.details],
    });
  }
  if (error instanceof HullError) {
    return ApplicationFailure.create({
      type: error.name,
      message: error.message,
      nonRetryable: !error.retryable,
      details: [{ status: error.status }],
    });
  }
  if (error instanceof ZodError) {
    return ApplicationFailure.nonRetryable(`invalid data at ${firstIssue(error)}`, INVALID_DATA);
  }
  return error;
}

/** Registered on every worker; the SDK itself logs the failure with the mapped reason. */
export class ErrorMappingInterceptor implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      throw toApplicationFailure(error);
    }
  }
}
