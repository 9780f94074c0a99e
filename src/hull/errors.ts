/** Hull call failures, classified like Hull's own client: timeouts and 5xx are retryable, 4xx are final. */
export abstract class HullError extends Error {
  abstract readonly retryable: boolean;

  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class HullTransientError extends HullError {
  override name = 'HullTransientError';
  readonly retryable = true;
}

export class HullRequestError extends HullError {
  override name = 'HullRequestError';
  readonly retryable = false;
}
