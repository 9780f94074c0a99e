/**
 * A worker process's part of the connector's status (shared/connector-status.ts): every few seconds,
 * what it counted (writes to Intercom by outcome, Intercom requests), the rate window Intercom last
 * reported and whether its outgoing sync is paused, sent to the status workflow by signal-with-start
 * (which starts it the first time). Nothing is sent while there is nothing new, so an idle engine
 * adds no history.
 */
import { hostname } from 'node:os';
import type { Client } from '@temporalio/client';
import type { ActivityOutcomes } from '../activities/activity-outcomes';
import type { OutgoingGate } from '../activities/outgoing/outgoing-gate';
import type { RateGovernor } from '../intercom/rate-governor';
import type { Logger } from '../logger';
import type { ConnectorStatusInput, WorkerReport } from '../shared/connector-status';
import { SYNC_KIND } from '../shared/search-attributes';
import { workerReportSignal } from '../shared/signals';
import { workflowIds } from '../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../shared/workflow-types';
import type { connectorStatusWorkflow } from '../workflows';

export const STATUS_REPORT_INTERVAL_MS = 10_000;

export interface StatusReportSources {
  outcomes: ActivityOutcomes;
  governor: RateGovernor;
  gate: OutgoingGate;
}

export class StatusReports {
  readonly #worker = `${hostname()}:${process.pid}`;
  #since = Date.now();
  #lastPaused: string | undefined;
  #first = true;
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: Client,
    private readonly connectorId: string,
    private readonly taskQueue: string,
    private readonly input: ConnectorStatusInput,
    private readonly sources: StatusReportSources,
    private readonly log: Logger,
  ) {}

  /** Takes the counts since the last report and sends them, when there is anything to say. */
  async report(): Promise<void> {
    const now = Date.now();
    const writes = this.sources.outcomes.takeForStatus().toIntercom;
    const requests = this.sources.governor.takeRequestCount();
    const paused = this.sources.gate.paused;
    const pausedChanged = (paused?.reason ?? undefined) !== this.#lastPaused;
    const report: WorkerReport = {
      worker: this.#worker,
      at: now,
      seconds: Math.max(1, Math.round((now - this.#since) / 1000)),
      writes,
      requests,
      limitPerMinute: this.sources.governor.limitPerMinute,
      window: this.sources.governor.window,
      outgoingPaused: paused,
    };
    this.#since = now;
    if (!this.#first && !pausedChanged && requests === 0 && Object.keys(writes).length === 0) return;
    this.#first = false;
    this.#lastPaused = paused?.reason;
    await this.client.workflow.signalWithStart<typeof connectorStatusWorkflow, [WorkerReport]>(
      WORKFLOW_TYPES.connectorStatus,
      {
        workflowId: workflowIds.connectorStatus(this.connectorId),
        taskQueue: this.taskQueue,
        args: [this.input],
        signal: workerReportSignal,
        signalArgs: [report],
        typedSearchAttributes: [{ key: SYNC_KIND, value: 'status' }],
      },
    );
  }

  start(everyMs = STATUS_REPORT_INTERVAL_MS): void {
    const tick = () => {
      this.#sending = this.report().catch((error: unknown) =>
        this.log.debug({ err: error }, 'status report: could not signal the status workflow'),
      );
    };
    tick();
    this.#timer = setInterval(tick, everyMs);
    this.#timer.unref();
  }

  /** Stops the timer and sends what the last interval counted, giving up after `budgetMs`. */
  async stop(budgetMs = 1_000): Promise<void> {
    clearInterval(this.#timer);
    await this.client
      .withDeadline(Date.now() + budgetMs, async () => {
        await this.#sending;
        await this.report();
      })
      .catch(() => undefined);
  }
}
