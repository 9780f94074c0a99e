import { Context } from '@temporalio/activity';
import type { HullIntakeInput } from '../../shared/inputs';
import type { ActivityDeps } from '../deps';

/** The intake workflow's activity: every message of its part to its entity workflow, heartbeating the count. */
export function createHandOverActivities(deps: ActivityDeps) {
  return {
    async handOverHullIntake(input: HullIntakeInput): Promise<number> {
      if (deps.handOverHull === undefined)
        throw new Error('this worker cannot hand Hull messages over (no Temporal client)');
      const context = Context.current();
      return deps.handOverHull(input, (handedOver) => context.heartbeat({ handedOver, of: input.messages.length }));
    },
  };
}
