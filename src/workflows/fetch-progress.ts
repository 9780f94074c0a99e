/**
 * Progress of a fetch run, visible four ways: the `progress` query and the workflow memo (GET
 * /runs/:id, the Temporal UI's list and describe), the "current details" on the workflow's page, and
 * a log line when the run starts and ends (the workflow logger: not recorded in history, and quiet
 * on replay). What the page in progress is doing and waiting for is its activity's heartbeat
 * details (activities/heartbeat.ts), which the workflow cannot see; GET /runs/:id adds them.
 */
import { log, setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { describeFailure } from '../shared/failures';
import type { FetchEntity, FetchMode, FetchProgress, PageResult } from '../shared/fetch';
import { describeCounts, runName } from '../shared/progress-text';
import { SYNC_STATUS } from '../shared/search-attributes';

export function newProgress(entity: FetchEntity, mode: FetchMode['kind']): FetchProgress {
  return {
    entity,
    mode,
    startedAt: new Date().toISOString(),
    pages: 0,
    fetched: 0,
    written: 0,
    skipped: 0,
    requests: 0,
    notes: [],
    done: false,
  };
}

/**
 * Adds a page to the run's counts. `totalOfDonePasses`: an incremental run reads one pass per field
 * (updated_at, then last_seen_at), each with its own total; the run's total is their sum.
 */
export function recordPage(progress: FetchProgress, page: PageResult<unknown>, totalOfDonePasses = 0): void {
  progress.pages += 1;
  progress.fetched += page.fetched;
  progress.written += page.written;
  progress.skipped += page.skipped;
  progress.requests += page.requests;
  if (page.total !== undefined) progress.total = totalOfDonePasses + page.total;
  if (page.rate !== undefined) progress.rate = page.rate;
  if (page.note !== undefined) progress.notes = [...progress.notes.slice(-9), page.note];
  const elapsedSeconds = (Date.now() - Date.parse(progress.startedAt)) / 1000;
  const perSecond = elapsedSeconds > 0 ? progress.fetched / elapsedSeconds : 0;
  progress.recordsPerSecond = Math.round(perSecond * 10) / 10;
  progress.estimatedSecondsLeft =
    progress.total !== undefined && perSecond > 0
      ? Math.max(0, Math.round((progress.total - progress.fetched) / perSecond))
      : undefined;
}

/** Runs a fetch's pages; a failure is published with its reason (memo, status, details) before it fails the run. */
export async function reportingFailure<T>(progress: FetchProgress, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    progress.failed = describeFailure(error).reason;
    publishProgress(progress);
    log.warn(`${runName(progress)} failed: ${progress.failed}`, counts(progress));
    throw error;
  }
}

const counts = ({ pages, fetched, written, skipped, requests, total }: FetchProgress) => ({
  pages,
  fetched,
  written,
  skipped,
  requests,
  total,
});

/** The start line: fetch-all runs at info; incremental runs (every few minutes) at debug. */
export function logRunStart(progress: FetchProgress, detail = ''): void {
  const line = `${runName(progress)}: started${detail}`;
  if (progress.mode === 'all') log.info(line);
  else log.debug(line);
}

/** The end line, with the counts; an incremental run that found nothing says so at debug. */
export function logRunEnd(progress: FetchProgress): void {
  const seconds = Math.round((Date.now() - Date.parse(progress.startedAt)) / 1000);
  const line = `${runName(progress)}: done in ${seconds} s: ${describeCounts(progress)}, ${progress.requests} Intercom requests`;
  if (progress.mode === 'since' && progress.fetched === 0) log.debug(line, counts(progress));
  else log.info(line, counts(progress));
}

export function publishProgress(progress: FetchProgress): void {
  const budget = progress.rate ? `, rate window ${progress.rate.remaining}/${progress.rate.limit} left` : '';
  const heading = progress.failed ? `Failed: ${progress.failed}\n\n` : '';
  const live = progress.done
    ? ''
    : '\n\nThe page in progress, and what it waits for (rate window, retries), is under Pending Activities.';
  setCurrentDetails(
    heading +
      `**${progress.done ? 'Done' : 'Fetching'} ${progress.entity}** (${progress.mode}): ` +
      `${describeCounts(progress)}, ${progress.requests} Intercom requests${budget}` +
      (progress.notes.length > 0 ? `\n\n${progress.notes.map((note) => `- ${note}`).join('\n')}` : '') +
      live,
  );
  upsertMemo({ progress });
  upsertSearchAttributes([
    { key: SYNC_STATUS, value: progress.failed ? 'failed' : progress.done ? 'done' : 'running' },
  ]);
}
