/**
 * The terminal's view of long work: while fetch runs are active, one line per run every few seconds
 * (its counts, rate, ETA, and what it is doing or waiting for), read from Temporal like GET
 * /runs/<id>, so it shows runs whichever process works on them.
 */
import type { Client } from '@temporalio/client';
import type { Logger } from '../logger';
import { describeRunning } from '../shared/progress-text';
import { SYNC_KIND } from '../shared/search-attributes';
import { workflowIds } from '../shared/workflow-ids';
import { runProgressOf } from '../temporal/run-progress';

export const PROGRESS_LINE_INTERVAL_MS = 10_000;

const RUNNING_FETCHES = `${SYNC_KIND.name} IN ("fetch-all", "incremental-fetch") AND ExecutionStatus = "Running"`;

export class ProgressLines {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly client: Client,
    private readonly connectorId: string,
    private readonly log: Logger,
  ) {}

  /** Logs one line per running fetch run of this connector (none when nothing runs). */
  async report(): Promise<void> {
    for await (const run of this.client.workflow.list({ query: RUNNING_FETCHES })) {
      if (!workflowIds.ownedBy(this.connectorId, run.workflowId)) continue;
      const description = await this.client.workflow.getHandle(run.workflowId, run.runId).describe();
      const progress = runProgressOf(description);
      if (progress === undefined || progress.done) continue;
      this.log.info({ workflowId: run.workflowId }, describeRunning(progress));
    }
  }

  start(everyMs = PROGRESS_LINE_INTERVAL_MS): void {
    const next = () => {
      this.#timer = setTimeout(() => {
        void this.report()
          .catch((error: unknown) =>
            this.log.debug({ err: error }, 'progress lines: could not list the running fetches'),
          )
          .finally(() => this.#stopped || next());
      }, everyMs);
      this.#timer.unref();
    };
    next();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
