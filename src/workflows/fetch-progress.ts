/**
 * Progress of a fetch run, visible three ways: the `progress` query (GET /runs/:id), the workflow
 * memo (Temporal UI list and describe), and the "current details" line on the workflow's page.
 */
import { setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { describeFailure } from '../shared/failures';
import type { FetchEntity, FetchMode, FetchProgress, PageResult } from '../shared/fetch';
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

export function recordPage(progress: FetchProgress, page: PageResult<unknown>): void {
  progress.pages += 1;
  progress.fetched += page.fetched;
  progress.written += page.written;
  progress.skipped += page.skipped;
  progress.requests += page.requests;
  if (page.total !== undefined) progress.total = page.total;
  if (page.rate !== undefined) progress.rate = page.rate;
  if (page.note !== undefined) progress.notes = [...progress.notes.slice(-9), page.note];
  const elapsedSeconds = (Date.now() - Date.parse(progress.startedAt)) / 1000;
  const perSecond = elapsedSeconds > 0 ? progress.fetched / elapsedSeconds : 0;
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
    throw error;
  }
}

export function publishProgress(progress: FetchProgress): void {
  const budget = progress.rate ? `, rate window ${progress.rate.remaining}/${progress.rate.limit} left` : '';
  const eta = progress.estimatedSecondsLeft === undefined ? '' : `, ~${progress.estimatedSecondsLeft}s left`;
  const heading = progress.failed ? `Failed: ${progress.failed}\n\n` : '';
  setCurrentDetails(
    heading +
      `**${progress.done ? 'Done' : 'Fetching'} ${progress.entity}** (${progress.mode}): ` +
      `${progress.pages} pages, ${progress.fetched} fetched${progress.total === undefined ? '' : ` of ${progress.total}`}, ` +
      `${progress.written} written to Hull, ${progress.skipped} skipped, ${progress.requests} Intercom requests${budget}${eta}` +
      (progress.notes.length > 0 ? `\n\n${progress.notes.map((note) => `- ${note}`).join('\n')}` : ''),
  );
  upsertMemo({ progress });
  upsertSearchAttributes([
    { key: SYNC_STATUS, value: progress.failed ? 'failed' : progress.done ? 'done' : 'running' },
  ]);
}
