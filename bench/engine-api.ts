/**
 * The engine's HTTP API as an operator uses it: start a fetch-all, follow its run, list failures.
 * The benchmark drives the engine only through this and the simulators, never through its internals.
 */
import type { FetchEntity, FetchProgress } from '../src/shared/fetch';
import { waitUntil } from './wait';

interface RunView {
  status: string;
  closeTime: string | null;
  result?: FetchProgress;
  failure?: string;
}

export interface CompletedRun {
  progress: FetchProgress;
  /** When Temporal closed the run (ms), if it said. */
  closedAt?: number;
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** POST /actions/fetch-all/:entity; returns the run's status path (`/runs/<workflow id>`). */
export async function startFetchAll(apiUrl: string, entity: FetchEntity): Promise<string> {
  const response = await fetch(`${apiUrl}/actions/fetch-all/${entity}`, { method: 'POST' });
  const body = await json<{ status: string }>(response, `starting the fetch-all of ${entity}`);
  return body.status;
}

/** Polls GET /runs/<id> until the run completes; a failed or terminated run is an error. */
export async function waitForRun(apiUrl: string, statusPath: string, timeoutMs: number): Promise<CompletedRun> {
  let view: RunView | undefined;
  await waitUntil(
    `the run ${statusPath} to complete`,
    async () => {
      view = await json<RunView>(await fetch(`${apiUrl}${statusPath}`), `reading ${statusPath}`);
      if (view.status !== 'RUNNING' && view.status !== 'COMPLETED') {
        throw new Error(`the run ${statusPath} ended ${view.status}: ${view.failure ?? 'no reason given'}`);
      }
      return { done: view.status === 'COMPLETED', status: view.status };
    },
    { timeoutMs, intervalMs: 200 },
  );
  if (view?.result === undefined) throw new Error(`the run ${statusPath} completed without a result`);
  const closedAt = view.closeTime === null ? NaN : Date.parse(view.closeTime);
  return { progress: view.result, closedAt: Number.isFinite(closedAt) ? closedAt : undefined };
}

export interface FailureList {
  count: number;
  workflows: Array<{ workflowId: string; failures: Array<{ reason: string }> }>;
}

/** GET /failures: entities whose work failed for good. */
export async function listFailures(apiUrl: string): Promise<FailureList> {
  return json<FailureList>(await fetch(`${apiUrl}/failures`), 'listing failures');
}
