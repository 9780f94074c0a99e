/**
 * Scenarios 1 and 2: an operator's fetch-all of users, leads or companies through the API
 * (POST /actions/fetch-all/:entity, then GET /runs/<id> until COMPLETED), measured against the pull
 * ceiling: a contact page holds at most 150 records (Intercom's maximum page size), a company scroll
 * page ~100, so
 * the best possible cost is one request per full page.
 */
import type { FetchEntity } from '../../src/shared/fetch';
import { startFetchAll, waitForRun } from '../engine-api';
import { fixed, int, percent } from '../format';
import { budgetAllowsPerMinute, scenarioResult, type ScenarioResult } from '../result';
import type { Stack } from '../stack';
import { logPosition, perRecordBreakdown, trafficSince } from '../traffic';

/** Records per request at best: contact search pages (150, Intercom's maximum) and company scroll pages (~100). */
const CEILING_PER_REQUEST: Record<FetchEntity, number> = { users: 150, leads: 150, companies: 100 };

export async function fetchAllScenario(
  stack: Stack,
  entity: FetchEntity,
  expected: number,
  timeoutMs: number,
): Promise<ScenarioResult> {
  const position = logPosition(stack.intercom);
  const wallStart = Date.now();
  const statusPath = await startFetchAll(stack.apiUrl, entity);
  const { progress, closedAt } = await waitForRun(stack.apiUrl, statusPath, timeoutMs);
  // The workflow's own start and close times keep the polling interval out of the figure.
  const startedAt = Date.parse(progress.startedAt);
  const runMs = closedAt !== undefined && Number.isFinite(startedAt) ? closedAt - startedAt : 0;
  const seconds = (runMs > 0 ? runMs : Date.now() - wallStart) / 1000;
  const traffic = trafficSince(stack.intercom, position, seconds, stack.intercomRateLimitPerMinute);

  const unit = entity === 'companies' ? 'companies' : entity === 'users' ? 'users' : 'leads';
  const ceiling = CEILING_PER_REQUEST[entity];
  const perRequest = traffic.requests > 0 ? progress.fetched / traffic.requests : 0;
  const requestsPerPage = progress.pages > 0 ? traffic.requests / progress.pages : 0;
  const warnings: string[] = [];
  if (progress.fetched !== expected) {
    warnings.push(`fetched ${int(progress.fetched)} ${unit} but Intercom lists ${int(expected)}`);
  }
  if (progress.requests !== traffic.requests) {
    warnings.push(
      `the run reports ${int(progress.requests)} Intercom requests, the simulator logged ${int(traffic.requests)}`,
    );
  }
  const budgetCeilingPerMinute = budgetAllowsPerMinute(stack.intercomRateLimitPerMinute, 1 / ceiling);
  return scenarioResult({
    id: `fetch-all-${entity}`,
    title: `fetch-all ${entity}`,
    unit,
    records: progress.fetched,
    seconds,
    traffic,
    figures: {
      pages: progress.pages,
      requestsPerPage,
      recordsPerRequest: perRequest,
      ceilingRecordsPerRequest: ceiling,
      ceilingRatio: perRequest / ceiling,
      engineReportedRequests: progress.requests,
      writtenToHull: progress.written,
    },
    interpretation: [
      `${int(progress.pages)} pages at ${fixed(requestsPerPage, 2)} requests per page ` +
        `(${perRecordBreakdown(traffic, progress.pages)}): ${fixed(perRequest, 1)} ${unit} per request, ` +
        `${fixed(perRequest / ceiling, 2)}× the ceiling of ${ceiling} per request.`,
      `${int((progress.fetched / seconds) * 60)} ${unit}/min, ${fixed(progress.fetched / seconds / (budgetCeilingPerMinute / 60), 3)}× ` +
        `the ${int(budgetCeilingPerMinute)}/min that ${ceiling} per request would allow within the ` +
        `${int(stack.intercomRateLimitPerMinute)}/min budget; busiest 10-s window at ${percent(traffic.peakBudgetShare)} of its ` +
        `allowance, so ${traffic.peakBudgetShare >= 0.9 ? 'the budget' : 'latency and CPU on this machine, not the budget,'} set the pace.`,
    ],
    warnings,
  });
}
