/**
 * Scenario 4: the steady state after the push. One mapped attribute changes on part of the cohort
 * and Hull notifies those users: the target is one request per contact, a PUT of only the changed
 * field (the engine knows the Intercom id and what it last sent). Then the same users are notified
 * again with nothing changed: the target is no request at all.
 */
import type { RequestRecord } from '@hull-intercom-sync/intercom-simulator';
import { fixed, int } from '../format';
import { UPDATED_ATTRIBUTE, type Cohort } from '../hull-cohort';
import { cohortContacts, lastWriteOutcomes } from '../probes';
import { budgetAllowsPerMinute, scenarioResult, type ScenarioResult } from '../result';
import type { Stack } from '../stack';
import { logPosition, perRecordBreakdown, trafficSince } from '../traffic';
import { waitUntil } from '../wait';
import { afterScenarioChecks, waitForIdleWorkflows } from './settle';

/** Far above any seeded value, so a contact showing it was certainly updated by this scenario. */
const UPDATED_BASE = 100_000;

/** Fields a contact PUT changed, not counting `role`, which the engine sends on every write. */
function changedFieldsOf(record: RequestRecord): number {
  const body = (record.body ?? {}) as Record<string, unknown>;
  let count = 0;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'role') continue;
    count += key === 'custom_attributes' && value !== null && typeof value === 'object' ? Object.keys(value).length : 1;
  }
  return count;
}

export async function updateScenario(
  stack: Stack,
  cohort: Cohort,
  size: number,
  timeoutMs: number,
): Promise<ScenarioResult> {
  const ids = cohort.ids.slice(0, size);
  const expected = new Map<string, number>();
  ids.forEach((id, index) => {
    const user = stack.hull.upsertUser({ id }, { [UPDATED_ATTRIBUTE.hull]: UPDATED_BASE + index });
    expected.set(user.email!, UPDATED_BASE + index);
  });

  const position = logPosition(stack.intercom);
  const startedAt = performance.now();
  const warnings: string[] = [];
  const delivery = await stack.hull.notifyUsers(ids);
  const notifiedAfterSeconds = (performance.now() - startedAt) / 1000;
  if (delivery.dropped > 0) warnings.push(`${int(delivery.dropped)} Hull notifications dropped`);
  await waitUntil(
    `${int(size)} contacts to show the changed attribute in Intercom`,
    () => {
      const contacts = cohortContacts(stack, cohort).byEmail;
      let updated = 0;
      for (const [email, value] of expected) {
        if (contacts.get(email)?.custom_attributes[UPDATED_ATTRIBUTE.intercom] === value) updated += 1;
      }
      return { done: updated === size, status: `${int(updated)} of ${int(size)} updated` };
    },
    { timeoutMs, intervalMs: 250 },
  );
  await waitForIdleWorkflows(stack, ids, timeoutMs);
  const seconds = (performance.now() - startedAt) / 1000;
  warnings.push(...(await afterScenarioChecks(stack, 2_000)));
  const outcomes = await lastWriteOutcomes(stack, ids);

  const traffic = trafficSince(stack.intercom, position, seconds, stack.intercomRateLimitPerMinute);
  const puts = stack.intercom.requestLog
    .slice(position)
    .filter((record) => record.method === 'PUT' && record.route === '/contacts/{contact_id}');
  const fieldsPerPut = puts.length > 0 ? puts.reduce((sum, put) => sum + changedFieldsOf(put), 0) / puts.length : 0;
  if (puts.some((put) => changedFieldsOf(put) !== 1)) {
    warnings.push(
      `${int(puts.filter((put) => changedFieldsOf(put) !== 1).length)} PUTs carried more than the changed field`,
    );
  }
  const perContact = traffic.requests / size;
  const budget = stack.intercomRateLimitPerMinute;
  return scenarioResult({
    id: 'steady-state-update',
    title: 'update 1 attribute',
    unit: 'contacts',
    records: size,
    seconds,
    traffic,
    figures: { notifiedAfterSeconds, outcomes, puts: puts.length, changedFieldsPerPut: fieldsPerPut },
    interpretation: [
      `steady-state update costs ${fixed(perContact, 2)} requests per contact (target 1.00: ${perRecordBreakdown(traffic, size)}), ` +
        `${fixed(fieldsPerPut, 2)} changed fields per PUT; Intercom's budget allows ${int(budgetAllowsPerMinute(budget, perContact))} updated contacts/min.`,
    ],
    warnings,
  });
}

export async function unchangedScenario(
  stack: Stack,
  cohort: Cohort,
  size: number,
  timeoutMs: number,
): Promise<ScenarioResult> {
  const ids = cohort.ids.slice(0, size);
  const position = logPosition(stack.intercom);
  const startedAt = performance.now();
  const warnings: string[] = [];
  const delivery = await stack.hull.notifyUsers(ids);
  const notifiedAfterSeconds = (performance.now() - startedAt) / 1000;
  if (delivery.dropped > 0) warnings.push(`${int(delivery.dropped)} Hull notifications dropped`);
  // Nothing visible changes anywhere: idle workflows are the only sign the notification was handled.
  await waitForIdleWorkflows(stack, ids, timeoutMs);
  const seconds = (performance.now() - startedAt) / 1000;
  warnings.push(...(await afterScenarioChecks(stack, 2_000)));
  const outcomes = await lastWriteOutcomes(stack, ids);

  const traffic = trafficSince(stack.intercom, position, seconds, stack.intercomRateLimitPerMinute);
  const perContact = traffic.requests / size;
  return scenarioResult({
    id: 'steady-state-unchanged',
    title: 'notify unchanged',
    unit: 'contacts',
    records: size,
    seconds,
    traffic,
    figures: { notifiedAfterSeconds, outcomes },
    interpretation: [
      `a notification with nothing to send costs ${fixed(perContact, 2)} requests per contact (target 0.00` +
        `${traffic.requests > 0 ? `: ${perRecordBreakdown(traffic, size)}` : ''}).`,
    ],
    warnings,
  });
}
