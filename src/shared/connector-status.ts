/**
 * The connector's status as the operator page shows it, kept by one long-running workflow per
 * connector (connectorStatusWorkflow): the workers report what they counted (writes to Intercom by
 * outcome, Intercom requests, the rate window, a paused outgoing gate) every few seconds by signal,
 * and the workflow checks both connections every few minutes. It publishes the result as its memo,
 * so the API reads it with one describe call, from the server alone, whichever process did the work.
 * Types and the pure folding of reports (the workflow's and the tests' one definition).
 */

/** Counts by what was written (`contacts`, `companies`, `leads`), then by outcome (`created`, `failed attempts`). */
export type WriteCounts = Record<string, Record<string, number>>;

export interface RateWindowReport {
  limit: number;
  remaining: number;
  /** Unix ms when the window resets. */
  resetAt: number;
}

/** What one worker process sends every report interval (only when it has something to say). */
export interface WorkerReport {
  /** `host:pid`: reports of one process replace each other. */
  worker: string;
  /** Unix ms when the report was taken. */
  at: number;
  /** The seconds the counts cover. */
  seconds: number;
  writes: WriteCounts;
  /** Intercom requests this process started in those seconds. */
  requests: number;
  /** The app's rate budget per minute as this process knows it (configured, then Intercom's headers). */
  limitPerMinute: number;
  /** Intercom's rate window as the last response reported it. */
  window?: RateWindowReport;
  /** Set while this process's outgoing sync is paused because Intercom refused the token. */
  outgoingPaused?: { reason: string; until: number };
}

export interface ConnectionSide<T> {
  ok: boolean;
  /** Unix ms of the check. */
  checkedAt: number;
  details?: T;
  error?: string;
}

export interface ConnectionsState {
  intercom?: ConnectionSide<{ workspaceId: string; name: string | null; region: string | null }>;
  hull?: ConnectionSide<{ connectorId: string; name: string | null }>;
}

export interface HourOfWrites {
  /** Unix ms of the hour's start (UTC). */
  hour: number;
  writes: WriteCounts;
}

/** Each worker's last report, without its counts (they are folded into `hours`). */
export type WorkerState = Omit<WorkerReport, 'writes'>;

/** The workflow's memo `status`, and what it carries into its next run. */
export interface ConnectorStatus {
  connections: ConnectionsState;
  /** The last 24 hours with writes, oldest first. */
  hours: HourOfWrites[];
  workers: Record<string, WorkerState>;
}

export interface ConnectorStatusInput {
  status?: ConnectorStatus;
  /** How often the workflow checks both connections itself; 0 or absent: only operators' checks. */
  checkEveryMinutes?: number;
}

export const HOUR_MS = 3_600_000;
export const HOURS_KEPT = 24;
/** A worker that has not reported for this long is forgotten. */
export const WORKER_FORGOTTEN_MS = HOUR_MS;

export const emptyConnectorStatus = (): ConnectorStatus => ({ connections: {}, hours: [], workers: {} });

function addCounts(into: WriteCounts, counts: WriteCounts): void {
  for (const [what, outcomes] of Object.entries(counts)) {
    const target = (into[what] ??= {});
    for (const [outcome, count] of Object.entries(outcomes)) target[outcome] = (target[outcome] ?? 0) + count;
  }
}

/** Folds a worker's report in: its counts into their hour, its state replacing the worker's last one. */
export function applyWorkerReport(status: ConnectorStatus, report: WorkerReport): ConnectorStatus {
  const { writes, ...state } = report;
  const hourStart = Math.floor(report.at / HOUR_MS) * HOUR_MS;
  // A copy (structuredClone is not in the workflow sandbox): the memo published before stays as it was.
  const hours = status.hours.map((hour) => {
    const copy: WriteCounts = {};
    addCounts(copy, hour.writes);
    return { hour: hour.hour, writes: copy };
  });
  if (Object.keys(writes).length > 0) {
    let hour = hours.find((entry) => entry.hour === hourStart);
    if (hour === undefined) {
      hour = { hour: hourStart, writes: {} };
      hours.push(hour);
      hours.sort((a, b) => a.hour - b.hour);
    }
    addCounts(hour.writes, writes);
  }
  const workers = Object.fromEntries(
    Object.entries({ ...status.workers, [report.worker]: state }).filter(
      ([, worker]) => report.at - worker.at < WORKER_FORGOTTEN_MS,
    ),
  );
  return {
    ...status,
    hours: hours.filter((entry) => entry.hour > hourStart - HOURS_KEPT * HOUR_MS),
    workers,
  };
}
