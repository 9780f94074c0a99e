import { ApplicationFailure, continueAsNew, log, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  SCHEDULED_RUN_ID,
  type ActivationPageResult,
  type ActivationProgress,
  type ActivationRunInput,
  type SourceCursor,
} from '../shared/activations';
import { describeFailure } from '../shared/failures';
import { activationProgressQuery } from '../shared/queries';
import { intercomActivities } from './activity-proxies';
import { newActivationProgress, publishActivationProgress, recordActivationPage } from './activation-progress';
import { continueAsNewDue, PAGES_PER_RUN } from './run-length';

/**
 * One run of an activation (POST /activations/<name>/runs, or its schedule): pages through the source,
 * one activity per page that reads the rows, writes them to Intercom (or in a dry run says what it
 * would write) and records each row's outcome; only the cursor and counts pass through history, and
 * the run continues as new with them. A worker killed mid-page retries the page elsewhere: rows it had
 * written are recorded or marked pending, so none is written twice and none skipped.
 */
export async function activationRunWorkflow(started: ActivationRunInput): Promise<ActivationProgress> {
  // A scheduled run is known by its workflow id's last segment (the schedule appends the time).
  const input =
    started.runId === SCHEDULED_RUN_ID ? { ...started, runId: workflowInfo().workflowId.split('/').pop()! } : started;
  const { runActivationPage, beginActivationRun } = intercomActivities();
  let progress = input.progress;
  setHandler(activationProgressQuery, () => progress!);
  const reporting = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      progress!.failed = describeFailure(error).reason;
      publishActivationProgress(progress!);
      throw ApplicationFailure.nonRetryable(progress!.failed, 'ActivationRunFailed');
    }
  };
  if (progress === undefined) {
    progress = newActivationProgress(input);
    publishActivationProgress(progress);
    const start = await reporting(() => beginActivationRun(input.activation));
    progress.total = start.total;
    progress.notes.push(...start.notes);
    publishActivationProgress(progress);
  }
  const current = progress;

  let cursor: SourceCursor | undefined = input.cursor;
  let pagesThisRun = 0;
  for (;;) {
    const from = cursor;
    const page: ActivationPageResult = await reporting(() =>
      runActivationPage({
        activation: input.activation,
        runId: input.runId,
        dryRun: input.dryRun,
        retryFailedOnly: input.retryFailedOnly,
        cursor: from,
      }),
    );
    recordActivationPage(current, page);
    publishActivationProgress(current);
    if (page.next === undefined) break;
    cursor = page.next;
    pagesThisRun += 1;
    if (continueAsNewDue(pagesThisRun, PAGES_PER_RUN)) {
      await continueAsNew<typeof activationRunWorkflow>({ ...input, cursor, progress: current });
    }
  }
  current.done = true;
  publishActivationProgress(current);
  log.info(`activation ${current.activation} run ${current.runId} done`, { progress: current });
  return current;
}
