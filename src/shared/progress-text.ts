/**
 * A fetch run's progress in words, the same on the workflow's page in the Temporal UI, in its log
 * lines and on the terminal's progress lines. Pure functions of the progress record.
 */
import type { FetchProgress, RunProgress } from './run-progress';

/** "fetch-all users", "incremental companies". */
export const runName = (progress: Pick<FetchProgress, 'mode' | 'entity'>): string =>
  `${progress.mode === 'all' ? 'fetch-all' : 'incremental'} ${progress.entity}`;

/** "3 pages, 450 of 1200 read (38%), 440 written to Hull, 10 skipped, 45/s, ~17 s left" */
export function describeCounts(progress: FetchProgress): string {
  const { fetched, total, recordsPerSecond, estimatedSecondsLeft } = progress;
  let read = `${fetched} read`;
  if (total !== undefined && fetched > total) {
    // Records created while the run reads can take it past the total Intercom gave at the start.
    read = `${fetched} read (Intercom counted ${total} at the start)`;
  } else if (total !== undefined) {
    read = `${fetched} of ${total} read${total > 0 ? ` (${Math.round((fetched / total) * 100)}%)` : ''}`;
  }
  const rate = recordsPerSecond === undefined ? '' : `, ${recordsPerSecond}/s`;
  const eta = estimatedSecondsLeft === undefined || progress.done ? '' : `, ~${estimatedSecondsLeft} s left`;
  return `${progress.pages} pages, ${read}, ${progress.written} written to Hull, ${progress.skipped} skipped${rate}${eta}`;
}

/** The terminal's line for a running fetch: its counts, then what its page is doing or waiting for. */
export function describeRunning(progress: RunProgress): string {
  const now = progress.waiting ?? progress.activity?.stage;
  return `${runName(progress)}: ${describeCounts(progress)}${now === undefined ? '' : `; now: ${now}`}`;
}
