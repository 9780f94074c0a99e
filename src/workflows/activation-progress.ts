/**
 * Progress of an activation run, shown as a fetch run's is (fetch-progress.ts): the `progress` memo
 * (GET /runs/<id>, the Temporal UI's list), the current-details line on the workflow's page, and
 * `HullIntercomStatus` (`running`, `done`, `failed`).
 */
import { setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { ActivationPageResult, ActivationProgress, ActivationRunInput } from '../shared/activations';
import { SYNC_STATUS } from '../shared/search-attributes';

export function newActivationProgress(input: ActivationRunInput): ActivationProgress {
  const { activation } = input;
  return {
    activation: activation.name,
    object: activation.object,
    behaviour: activation.behaviour,
    runId: input.runId,
    dryRun: input.dryRun,
    startedAt: new Date().toISOString(),
    pages: 0,
    read: 0,
    written: 0,
    planned: 0,
    unchanged: 0,
    skipped: 0,
    rowsFailed: 0,
    requests: 0,
    notes: [],
    done: false,
  };
}

export function recordActivationPage(progress: ActivationProgress, page: ActivationPageResult): void {
  progress.pages += 1;
  progress.read += page.read;
  progress.written += page.written;
  progress.planned += page.planned;
  progress.unchanged += page.unchanged;
  progress.skipped += page.skipped;
  progress.rowsFailed += page.rowsFailed;
  progress.requests += page.requests;
  if (page.rate !== undefined) progress.rate = page.rate;
  for (const note of page.notes) progress.notes = [...progress.notes.slice(-9), note];
  const elapsedSeconds = (Date.now() - Date.parse(progress.startedAt)) / 1000;
  progress.rowsPerSecond = elapsedSeconds > 0 ? Math.round((progress.read / elapsedSeconds) * 10) / 10 : undefined;
  progress.estimatedSecondsLeft =
    progress.total !== undefined && progress.rowsPerSecond !== undefined && progress.rowsPerSecond > 0
      ? Math.max(0, Math.round((progress.total - progress.read) / progress.rowsPerSecond))
      : undefined;
}

export function publishActivationProgress(progress: ActivationProgress): void {
  const heading = progress.failed ? `Failed: ${progress.failed}\n\n` : '';
  const verb = progress.done ? 'Done' : progress.dryRun ? 'Dry run of' : 'Running';
  const of = progress.total === undefined ? '' : ` of ${progress.total}`;
  const outcome = progress.dryRun ? `${progress.planned} would be written` : `${progress.written} written`;
  const rate = progress.rowsPerSecond === undefined ? '' : `, ${progress.rowsPerSecond} rows/s`;
  const eta = progress.estimatedSecondsLeft === undefined ? '' : `, ~${progress.estimatedSecondsLeft}s left`;
  const budget = progress.rate ? `, rate window ${progress.rate.remaining}/${progress.rate.limit} left` : '';
  setCurrentDetails(
    heading +
      `**${verb} activation ${progress.activation}** (${progress.behaviour} ${progress.object}, run ${progress.runId}): ` +
      `${progress.read}${of} rows read, ${outcome}, ${progress.unchanged} unchanged, ${progress.skipped} skipped, ` +
      `${progress.rowsFailed} failed, ${progress.requests} Intercom requests${rate}${eta}${budget}` +
      (progress.notes.length > 0 ? `\n\n${progress.notes.map((note) => `- ${note}`).join('\n')}` : ''),
  );
  upsertMemo({ progress });
  upsertSearchAttributes([
    { key: SYNC_STATUS, value: progress.failed ? 'failed' : progress.done ? 'done' : 'running' },
  ]);
}
