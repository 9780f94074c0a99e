/** One scenario's measurements, as printed in the table and written to bench/results/latest.json. */
import type { TrafficStats } from './traffic';

export type Figure = number | string | Record<string, number>;

export interface ScenarioResult {
  id: string;
  title: string;
  /** What a record is here: contacts, companies, users. */
  unit: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  requestsPerRecord: number;
  traffic: TrafficStats;
  /**
   * The physical bound of the scenario's work and how close the run came to it: `ratio` is the bound's
   * time over the measured time (1.00 = at the bound), `what` says which bound.
   */
  bound?: { what: string; seconds: number; ratio: number };
  /** Scenario-specific figures (pages, ceilings, outcomes), named so the JSON reads on its own. */
  figures: Record<string, Figure>;
  /** One-line readings of the numbers against the rate budget and the pull and push ceilings. */
  interpretation: string[];
  /** Anything unexpected: failures listed by the engine, counts that do not add up. */
  warnings: string[];
}

export function scenarioResult(
  base: Pick<ScenarioResult, 'id' | 'title' | 'unit' | 'records' | 'seconds' | 'traffic'> &
    Partial<Pick<ScenarioResult, 'figures' | 'interpretation' | 'warnings' | 'bound'>>,
): ScenarioResult {
  return {
    figures: {},
    interpretation: [],
    warnings: [],
    ...base,
    recordsPerSecond: base.seconds > 0 ? base.records / base.seconds : 0,
    requestsPerRecord: base.records > 0 ? base.traffic.requests / base.records : 0,
  };
}

/** Records per minute the app's whole budget would allow at a given request cost per record. */
export const budgetAllowsPerMinute = (budgetPerMinute: number, requestsPerRecord: number): number =>
  requestsPerRecord > 0 ? budgetPerMinute / requestsPerRecord : Infinity;
