/**
 * Scenarios 3 and 5: Hull notifies the engine of a cohort of new users in a synchronized segment and
 * the engine creates them in Intercom. Done when Intercom holds every cohort contact, the engine has
 * stored each Intercom id back on the Hull profile (the last step of a first write), and every
 * per-user workflow is idle. Measured against the push bound: a new contact costs at least one request
 * (its create; Intercom has no bulk contact endpoint), so the rate budget allows at most budget new
 * users a minute, and the bound's time is users / (budget per second).
 */
import { fixed, int, percent } from '../format';
import type { Cohort } from '../hull-cohort';
import { cohortContacts, lastWriteOutcomes, retriedAttempts, usersWithoutIntercomId } from '../probes';
import { budgetAllowsPerMinute, scenarioResult, type ScenarioResult } from '../result';
import type { Stack } from '../stack';
import { logPosition, perRecordBreakdown, trafficSince } from '../traffic';
import { waitUntil } from '../wait';
import { afterScenarioChecks, waitForIdleWorkflows } from './settle';

export interface PushScenario {
  id: string;
  title: string;
  timeoutMs: number;
}

export async function pushScenario(stack: Stack, cohort: Cohort, scenario: PushScenario): Promise<ScenarioResult> {
  const size = cohort.ids.length;
  const position = logPosition(stack.intercom);
  const startedAt = performance.now();
  const warnings: string[] = [];

  const delivery = await stack.hull.notifyUsers(cohort.ids);
  const notifiedAfterSeconds = (performance.now() - startedAt) / 1000;
  if (delivery.notified.length !== size || delivery.dropped > 0) {
    warnings.push(
      `Hull notified ${int(delivery.notified.length)} of ${int(size)} users, ${int(delivery.dropped)} dropped`,
    );
  }

  let waitingForId = cohort.ids;
  await waitUntil(
    `${int(size)} cohort users to be created in Intercom`,
    () => {
      const created = cohortContacts(stack, cohort).byEmail.size;
      // Only re-check the profiles still waiting: reading all of them every poll costs CPU being measured.
      waitingForId = usersWithoutIntercomId(stack, waitingForId);
      return {
        done: created === size && waitingForId.length === 0,
        status: `${int(created)} of ${int(size)} in Intercom, ${int(size - waitingForId.length)} ids stored in Hull`,
      };
    },
    { timeoutMs: scenario.timeoutMs, intervalMs: 500 },
  );
  await waitForIdleWorkflows(stack, cohort.ids, scenario.timeoutMs);
  const seconds = (performance.now() - startedAt) / 1000;

  // Not timed: what the engine did, read back from Temporal and the simulators.
  warnings.push(...(await afterScenarioChecks(stack, 2_000)));
  const { duplicates } = cohortContacts(stack, cohort);
  if (duplicates > 0) warnings.push(`${int(duplicates)} duplicate contacts created in Intercom`);
  const outcomes = await lastWriteOutcomes(stack, cohort.ids);
  const retried = await retriedAttempts(stack, cohort.ids);
  if (retried.retries > 0) {
    const [reason, count] = Object.entries(retried.reasons)[0]!;
    warnings.push(
      `${int(retried.retries)} activity attempts were retries (most often ${count} × "${reason}"), repeating requests already made`,
    );
  }

  const traffic = trafficSince(stack.intercom, position, seconds, stack.intercomRateLimitPerMinute);
  const perUser = traffic.requests / size;
  const budget = stack.intercomRateLimitPerMinute;
  const boundSeconds = size / (budget / 60);
  return scenarioResult({
    id: scenario.id,
    title: scenario.title,
    unit: 'users',
    records: size,
    seconds,
    traffic,
    bound: { what: '1 request per user at the full budget', seconds: boundSeconds, ratio: boundSeconds / seconds },
    figures: {
      notifiedAfterSeconds,
      requestsPerCreatedUser: perUser,
      ratioToOneRequestPerUser: perUser,
      budgetShare: traffic.averageBudgetShare,
      outcomes,
      retriedAttempts: retried.retries,
      retryReasons: retried.reasons,
      duplicateContacts: duplicates,
    },
    interpretation: [
      `creating a user costs ${fixed(perUser, 2)} requests: ${perRecordBreakdown(traffic, size)}.`,
      `the push bound: one create per new user (${int(budget)} users/min at ${int(budget)}/min, ${fixed(boundSeconds, 1)} s for ` +
        `${int(size)}); at ${fixed(perUser, 2)} requests per user (${fixed(perUser, 2)} × the bound) the budget allows ` +
        `${int(budgetAllowsPerMinute(budget, perUser))} new users/min; this run did ` +
        `${int((size / seconds) * 60)}/min, ${percent(traffic.averageBudgetShare)} of the budget on average and ` +
        `${percent(traffic.peakBudgetShare)} in the busiest 10-s window (${int(traffic.peakWindowRequests)} of ` +
        `${int(traffic.windowAllowance)}), ${int(traffic.tooManyRequests)} × 429; ${fixed(seconds, 1)} s is ` +
        `${fixed(boundSeconds / seconds, 2)} of the bound's speed.`,
    ],
    warnings,
  });
}
