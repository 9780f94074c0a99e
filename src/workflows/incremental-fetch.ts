import { continueAsNew, setHandler } from '@temporalio/workflow';
import type { CompanyCursor, FetchProgress, PageResult } from '../shared/fetch';
import type { IncrementalFetchInput } from '../shared/inputs';
import { progressQuery } from '../shared/queries';
import { nextWatermark } from '../sync/incoming/search-window';
import { hullActivities, intercomActivities } from './activity-proxies';
import { logRunEnd, logRunStart, newProgress, publishProgress, recordPage, reportingFailure } from './fetch-progress';
import { continueAsNewDue, PAGES_PER_RUN } from './run-length';

/**
 * Started by the Schedule `incremental-fetch-<entity>` (see src/temporal/schedules.ts): writes to Hull
 * what changed in Intercom since the high-water mark, then advances the mark, and only then: a run
 * that fails leaves the mark where it was, so the next run covers the same window again (Hull's
 * connector advanced it first and lost the window). The mark trails the run's start by the search
 * index margin, so contacts that became searchable late are picked up next time.
 */
export async function incrementalFetchWorkflow(input: IncrementalFetchInput): Promise<FetchProgress> {
  const { fetchContactsPage, fetchCompaniesPage } = intercomActivities();
  const { planIncrementalFetch, saveWatermark } = hullActivities();
  const { entity } = input;
  let state = input.resume;
  if (state === undefined) {
    const runStartedAt = Math.floor(Date.now() / 1000);
    const plan = await planIncrementalFetch(entity, runStartedAt);
    const progress = newProgress(entity, 'since');
    if (plan.disabledBecause !== undefined) {
      progress.notes.push(`skipped: ${plan.disabledBecause}`);
      progress.done = true;
      publishProgress(progress);
      return progress;
    }
    state = { watermark: plan.watermark, runStartedAt, fields: plan.fields, fieldIndex: 0, progress };
    logRunStart(progress, ` (changes since ${new Date(plan.watermark * 1000).toISOString()})`);
  }
  const { progress } = state;
  setHandler(progressQuery, () => progress);
  publishProgress(progress);

  let pagesThisRun = 0;
  while (state.fieldIndex < state.fields.length) {
    const field = state.fields[state.fieldIndex]!;
    const current = state;
    const page: PageResult<string | CompanyCursor> = await reportingFailure<PageResult<string | CompanyCursor>>(
      progress,
      () =>
        entity === 'companies'
          ? fetchCompaniesPage({
              cursor: (current.cursor as CompanyCursor | undefined) ?? { kind: 'scroll' },
              watermark: current.watermark,
            })
          : fetchContactsPage({
              entity,
              mode: { kind: 'since', watermark: current.watermark, field },
              cursor: current.cursor as string | undefined,
            }),
    );
    recordPage(progress, page, state.totalOfDonePasses);
    publishProgress(progress);
    state =
      page.next === undefined
        ? { ...state, fieldIndex: state.fieldIndex + 1, cursor: undefined, totalOfDonePasses: progress.total }
        : { ...state, cursor: page.next };
    pagesThisRun += 1;
    if (state.fieldIndex < state.fields.length && continueAsNewDue(pagesThisRun, PAGES_PER_RUN)) {
      await continueAsNew<typeof incrementalFetchWorkflow>({ entity, resume: state });
    }
  }
  const next = nextWatermark(state.watermark, state.runStartedAt);
  await reportingFailure(progress, () => saveWatermark(entity, next));
  progress.notes.push(`watermark advanced to ${new Date(next * 1000).toISOString()}`);
  progress.done = true;
  publishProgress(progress);
  logRunEnd(progress);
  return progress;
}
