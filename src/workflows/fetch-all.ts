import { continueAsNew, setHandler } from '@temporalio/workflow';
import type { CompanyCursor, FetchProgress, PageResult } from '../shared/fetch';
import type { FetchAllInput } from '../shared/inputs';
import { progressQuery } from '../shared/queries';
import { intercomActivities } from './activity-proxies';
import { logRunEnd, logRunStart, newProgress, publishProgress, recordPage, reportingFailure } from './fetch-progress';
import { continueAsNewDue, PAGES_PER_RUN } from './run-length';

/**
 * Started by an operator (POST /actions/fetch-all/:entity): pages through every user, lead or company
 * in Intercom and writes each page to Hull. One activity per page; only the cursor and counts pass
 * through history, and the run continues as new with the cursor in its arguments. A worker killed
 * mid-page retries that page elsewhere (writes are idempotent).
 */
export async function fetchAllWorkflow(input: FetchAllInput): Promise<FetchProgress> {
  const { fetchContactsPage, fetchCompaniesPage } = intercomActivities();
  const progress = input.progress ?? newProgress(input.entity, 'all');
  setHandler(progressQuery, () => progress);
  publishProgress(progress);
  if (input.progress === undefined) logRunStart(progress);

  let pagesThisRun = 0;
  for (;;) {
    const current = input;
    const page: PageResult<string | CompanyCursor> = await reportingFailure<PageResult<string | CompanyCursor>>(
      progress,
      () =>
        current.entity === 'companies'
          ? fetchCompaniesPage({ cursor: current.cursor ?? { kind: 'scroll' } })
          : fetchContactsPage({ entity: current.entity, mode: { kind: 'all' }, cursor: current.cursor }),
    );
    recordPage(progress, page);
    publishProgress(progress);
    if (page.next === undefined) break;
    const next = { ...input, cursor: page.next, progress } as FetchAllInput;
    pagesThisRun += 1;
    if (continueAsNewDue(pagesThisRun, PAGES_PER_RUN)) {
      await continueAsNew<typeof fetchAllWorkflow>(next);
    }
    input = next;
  }
  progress.done = true;
  publishProgress(progress);
  logRunEnd(progress);
  return progress;
}
