import { ApplicationFailure } from '@temporalio/activity';
import { IntercomRateLimitedError } from '../intercom/errors';
import { findOperation } from '../operations';
import type { OperationRunInput } from '../shared/operations';
import { activityCall } from './call-options';
import type { ActivityDeps } from './deps';

export function createOperationActivities({ intercom }: ActivityDeps) {
  return {
    /**
     * One operation: its input parsed again (defaults applied; an unknown name or a bad input fails for
     * good), its one Intercom request at live priority, Intercom's answer validated, the result built. A 429
     * waits here for the window and goes again, spending no attempt: only 5xx and network failures
     * reach the retry policy; a 4xx fails at once with Intercom's code and message (error-mapping.ts).
     * A POST the operation does not declare repeatable gets no quick retry (it may have happened).
     */
    async runOperation(run: OperationRunInput): Promise<unknown> {
      const operation = findOperation(run.operation);
      if (operation === undefined) {
        throw ApplicationFailure.nonRetryable(`no operation named ${run.operation}`, 'InvalidData');
      }
      const input = operation.input.parse(run.input);
      const call = operation.call(input);
      const options = activityCall('live');
      for (;;) {
        try {
          const response = await intercom.call(
            { ...call, schema: operation.response, idempotent: call.method !== 'POST' || operation.repeatable },
            options,
          );
          return operation.result(response, input);
        } catch (error) {
          // The governor now holds the window's reset: the next attempt waits for it, heartbeating.
          if (error instanceof IntercomRateLimitedError) continue;
          throw error;
        }
      }
    },
  };
}
