import { Context } from '@temporalio/activity';
import { activityCall } from '../call-options';
import { IntercomRequestError, IntercomTransientError } from '../../intercom/errors';
import type { CompanyCursor, PageResult } from '../../shared/fetch';
import type { ActivityDeps } from '../deps';
import { reportStatus } from '../heartbeat';
import { queueCompany } from './contact-writes';

export interface CompanyPageInput {
  cursor: CompanyCursor;
  /** Incremental runs: write only companies with updated_at at or after this (Unix seconds). */
  watermark?: number;
}

/** Intercom's list endpoint stops at 10,000 companies; beyond that only the scroll sees them all. */
const LIST_CAP = 10_000;
const LIST_PAGE_SIZE = 60;

/**
 * One page of companies. The scroll API is the only complete listing, but Intercom allows one open
 * scroll per app and expires it after a minute idle, and a scroll cannot resume. So: another scroll
 * already open → switch to the page-numbered list when the workspace has fewer than 10,000
 * companies (resumable), otherwise wait and retry; an expired scroll → start again from the top
 * (writes are idempotent). Companies have no updated-since filter: incremental runs read every page
 * and write only what changed since the watermark.
 */
export function createCompanyFetchActivities({ intercom, lookups, hull, settings: settingsProvider }: ActivityDeps) {
  return {
    async fetchCompaniesPage(input: CompanyPageInput): Promise<PageResult<CompanyCursor>> {
      const context = Context.current();
      reportStatus(context, { stage: 'reading companies from Intercom' });
      const call = activityCall(input.watermark === undefined ? 'background' : 'live');
      const { meter } = call;
      const settings = await settingsProvider.current();
      const empty = { fetched: 0, written: 0, skipped: 0 };

      let companies;
      let next: CompanyCursor | undefined;
      let total: number | undefined;
      if (input.cursor.kind === 'list') {
        const page = await intercom.listCompanies(input.cursor.page, LIST_PAGE_SIZE, call);
        companies = page.data;
        total = page.total_count ?? undefined;
        const totalPages = page.pages?.total_pages ?? 0;
        next = input.cursor.page < totalPages ? { kind: 'list', page: input.cursor.page + 1 } : undefined;
      } else {
        // A scroll param is not a position: Intercom moves the scroll on every call. A retried page
        // would get the *next* page and the one read but not written would be lost, so start over.
        if (input.cursor.scrollParam !== undefined && context.info.attempt > 1) {
          const note = `a companies page was retried (attempt ${context.info.attempt}): restarting the scroll so no page is skipped`;
          return { ...empty, next: { kind: 'scroll' }, requests: 0, note };
        }
        try {
          // The scroll reports no total: at its start, one list request of a single company counts them.
          if (input.cursor.scrollParam === undefined) {
            total = (await intercom.listCompanies(1, 1, call)).total_count ?? undefined;
          }
          const page = await intercom.scrollCompanies(input.cursor.scrollParam, call);
          companies = page.data;
          next =
            page.data.length > 0 && page.scroll_param ? { kind: 'scroll', scrollParam: page.scroll_param } : undefined;
        } catch (error) {
          if (!(error instanceof IntercomRequestError)) throw error;
          if (error.details.code === 'scroll_exists') {
            const probe = await intercom.listCompanies(1, 1, call);
            if ((probe.total_count ?? LIST_CAP) < LIST_CAP) {
              const note = 'another companies scroll is open on this Intercom app: continuing with the list endpoint';
              return { ...empty, next: { kind: 'list', page: 1 }, requests: meter.requests, note };
            }
            throw new IntercomTransientError(
              { ...error.details, message: `${error.details.message} (waiting for it to close)` },
              30_000,
            );
          }
          if (error.details.status === 404 && input.cursor.scrollParam !== undefined) {
            const note = 'the companies scroll expired (idle over a minute): starting it again from the first page';
            return { ...empty, next: { kind: 'scroll' }, requests: meter.requests, note };
          }
          throw error;
        }
      }

      const batch = hull.batch();
      let written = 0;
      reportStatus(context, { stage: `writing ${companies.length} companies to Hull` });
      for (const company of companies) {
        if (input.watermark !== undefined && (company.updated_at ?? 0) < input.watermark) continue;
        queueCompany(batch, company, { settings, lookups });
        written += 1;
      }
      await batch.flush(context.cancellationSignal);
      const window = intercom.transport.governor.window;
      return {
        next,
        fetched: companies.length,
        written,
        skipped: companies.length - written,
        requests: meter.requests,
        total,
        rate: window && { limit: window.limit, remaining: window.remaining },
      };
    },
  };
}
