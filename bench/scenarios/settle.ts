/**
 * The end of an outgoing scenario: every per-user workflow idle, nothing listed by GET /failures,
 * and no Intercom request arriving afterwards. A straggler means the scenario's "done" was premature
 * or the engine kept working (e.g. retries), which the report must say rather than hide.
 */
import { listFailures } from '../engine-api';
import { int } from '../format';
import { busyUserWorkflows } from '../probes';
import type { Stack } from '../stack';
import { logPosition } from '../traffic';
import { sleep, waitUntil } from '../wait';

/** Waits until none of these users' workflows has a task or activity pending. */
export async function waitForIdleWorkflows(stack: Stack, userIds: string[], timeoutMs: number): Promise<void> {
  let busy = userIds;
  await waitUntil(
    'the per-user workflows to go idle',
    async () => {
      // A workflow seen idle stays idle (nothing else signals it): only look again at the busy ones,
      // so the polling steals as little CPU as possible from the engine being measured.
      busy = await busyUserWorkflows(stack, busy);
      return { done: busy.length === 0, status: `${int(busy.length)} of ${int(userIds.length)} still busy` };
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** Checks for failures and late requests after a scenario ended; returns warnings for the report. */
export async function afterScenarioChecks(stack: Stack, quietMs: number): Promise<string[]> {
  const warnings: string[] = [];
  const position = logPosition(stack.intercom);
  await sleep(quietMs);
  const late = stack.intercom.requestLog.length - position;
  if (late > 0) {
    warnings.push(`${int(late)} Intercom requests arrived in the ${quietMs / 1000} s after the scenario ended`);
  }
  const failures = await listFailures(stack.apiUrl);
  if (failures.count > 0) {
    const reasons = [...new Set(failures.workflows.flatMap((w) => w.failures.map((f) => f.reason)))].slice(0, 3);
    warnings.push(`GET /failures lists ${int(failures.count)} failed writes: ${reasons.join(' | ')}`);
  }
  return warnings;
}
