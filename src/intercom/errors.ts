/**
 * Every way an Intercom call can fail, classified once here so activities, workflows and operators
 * all agree on what is retryable: 429 waits for the rate window, 401/403 pause, 5xx/408/network
 * errors retry with backoff, other 4xx are the request's own fault and never retry.
 */

export interface IntercomErrorDetails {
  status?: number;
  code?: string;
  message: string;
  requestId?: string;
  method: string;
  path: string;
}

export abstract class IntercomError extends Error {
  abstract readonly retryable: boolean;

  constructor(readonly details: IntercomErrorDetails) {
    super(
      `Intercom ${details.method} ${details.path} failed` +
        (details.status === undefined ? '' : ` with ${details.status}`) +
        (details.code === undefined ? '' : ` ${details.code}`) +
        `: ${details.message}`,
    );
  }
}

/** 429, or our own governor saying the window is spent: wait until the window resets. */
export class IntercomRateLimitedError extends IntercomError {
  override name = 'IntercomRateLimitedError';
  readonly retryable = true;

  constructor(
    details: IntercomErrorDetails,
    readonly retryAfterMs: number,
  ) {
    super(details);
  }
}

/** 401/403: the token is missing, revoked or lacks a scope. Retrying burns records; pause instead. */
export class IntercomAuthError extends IntercomError {
  override name = 'IntercomAuthError';
  readonly retryable = false;
}

/** 5xx, 408, timeouts, dropped connections: retry with backoff (or after `retryAfterMs` when known). */
export class IntercomTransientError extends IntercomError {
  override name = 'IntercomTransientError';
  readonly retryable = true;

  constructor(
    details: IntercomErrorDetails,
    readonly retryAfterMs?: number,
  ) {
    super(details);
  }
}

/** 400/404/409/410/422 and other client errors: the request itself is wrong; retrying cannot help. */
export class IntercomRequestError extends IntercomError {
  override name = 'IntercomRequestError';
  readonly retryable = false;
}

/** Parses `id=<24 hex>` out of a 409 conflict message ("A contact matching those details already exists with id=…"). */
export function conflictingContactId(error: unknown): { id: string; archived: boolean } | undefined {
  if (!(error instanceof IntercomRequestError) || error.details.status !== 409) return undefined;
  const match = /id=([0-9a-f]{24})/i.exec(error.details.message);
  return match ? { id: match[1]!, archived: /archived/i.test(error.details.message) } : undefined;
}

/** A 404 or 410: the contact or company was deleted or merged away; nothing left to read or write. */
export function isGoneError(error: unknown): error is IntercomRequestError {
  return error instanceof IntercomRequestError && (error.details.status === 404 || error.details.status === 410);
}
