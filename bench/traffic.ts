/**
 * What the engine asked of Intercom during one scenario, read from the simulator's request log:
 * totals, 429s, requests per route, and how much of the app's rate budget that was. Intercom enforces
 * its per-minute budget in six aligned 10-second windows of floor(limit / 6) calls, so the peak is
 * measured per window exactly as the simulator (and Intercom) count, 429s included.
 */
import { WINDOW_MS, type IntercomSimulator, type RequestRecord } from '@hull-intercom-sync/intercom-simulator';

export interface TrafficStats {
  requests: number;
  tooManyRequests: number;
  /** `METHOD /spec/template` → count, most frequent first. */
  byRoute: Record<string, number>;
  budgetPerMinute: number;
  /** requests / (budget per second × seconds). */
  averageBudgetShare: number;
  /** The busiest 10-second window's requests / the window allowance. */
  peakBudgetShare: number;
  peakWindowRequests: number;
  windowAllowance: number;
}

/** A position in the request log; the scenario's traffic is everything logged after it. */
export const logPosition = (intercom: IntercomSimulator): number => intercom.requestLog.length;

export function trafficSince(
  intercom: IntercomSimulator,
  position: number,
  seconds: number,
  budgetPerMinute: number,
): TrafficStats {
  return analyseTraffic(intercom.requestLog.slice(position), seconds, budgetPerMinute);
}

export function analyseTraffic(records: RequestRecord[], seconds: number, budgetPerMinute: number): TrafficStats {
  const byRoute = new Map<string, number>();
  const perWindow = new Map<number, number>();
  let tooManyRequests = 0;
  for (const record of records) {
    const route = `${record.method} ${record.route ?? record.path}`;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
    const window = Math.floor(record.at / WINDOW_MS);
    perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
    if (record.status === 429) tooManyRequests += 1;
  }
  const windowAllowance = Math.max(1, Math.floor(budgetPerMinute / 6));
  const peakWindowRequests = Math.max(0, ...perWindow.values());
  const budgetForRun = (budgetPerMinute / 60) * seconds;
  return {
    requests: records.length,
    tooManyRequests,
    byRoute: Object.fromEntries([...byRoute].sort((a, b) => b[1] - a[1])),
    budgetPerMinute,
    averageBudgetShare: budgetForRun > 0 ? records.length / budgetForRun : 0,
    peakBudgetShare: peakWindowRequests / windowAllowance,
    peakWindowRequests,
    windowAllowance,
  };
}

/**
 * Requests per record by route, e.g. "1.00 POST /contacts + 1.00 POST /tags", leaving out routes
 * below `minPerRecord` (one-off lookups such as listing data attributes) so the line shows the shape.
 */
export function perRecordBreakdown(stats: TrafficStats, records: number, minPerRecord = 0.01): string {
  if (records === 0) return 'no records';
  const parts = Object.entries(stats.byRoute)
    .map(([route, count]) => [route, count / records] as const)
    .filter(([, perRecord]) => perRecord >= minPerRecord)
    .map(([route, perRecord]) => `${perRecord.toFixed(2)} ${route}`);
  const small = Object.values(stats.byRoute).filter((count) => count / records < minPerRecord);
  if (small.length > 0) parts.push(`${small.reduce((a, b) => a + b, 0)} one-off`);
  return parts.length > 0 ? parts.join(' + ') : 'none';
}
