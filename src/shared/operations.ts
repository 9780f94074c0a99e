/** What the API, the operation workflow and its activity share about an operation run. Types only. */

/** The input of `operationWorkflow` and of its `runOperation` activity. */
export interface OperationRunInput {
  /** The operation's name, e.g. `contacts.create` (src/operations). */
  operation: string;
  /** The caller's input, validated by the API against the operation's schema (the activity parses it again). */
  input: unknown;
}

/** An `Idempotency-Key`: what a caller may send, used verbatim in the run's workflow id. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:@-]{1,200}$/;
