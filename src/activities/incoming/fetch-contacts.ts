import { Context } from '@temporalio/activity';
import { activityCall } from '../call-options';
import type { SearchQuery } from '../../intercom/client';
import { searchFloorFor } from '../../sync/incoming/search-window';
import { roleOf, type ContactEntity, type FetchMode, type PageResult } from '../../shared/fetch';
import type { ActivityDeps } from '../deps';
import { reportStatus } from '../heartbeat';
import { queueContact } from './contact-writes';

/** Records between two status updates while a page is written (each update is a heartbeat, throttled). */
export const STATUS_EVERY = 25;

export interface ContactPageInput {
  entity: ContactEntity;
  mode: FetchMode;
  cursor?: string;
}

/**
 * One page of users or leads: search Intercom, write the page to Hull, return the cursor and counts
 * (never the records). Fetch-all walks by `created_at` ascending, so contacts created meanwhile join
 * at the end. Incremental runs walk `updated_at` (or `last_seen_at`) descending from the newest and
 * stop at the first page reaching below the watermark; the day-granular search floor keeps changes
 * made just before midnight in the result (search-window.ts).
 */
export function createContactFetchActivities({ intercom, lookups, hull, settings: settingsProvider }: ActivityDeps) {
  return {
    async fetchContactsPage(input: ContactPageInput): Promise<PageResult<string>> {
      const context = Context.current();
      reportStatus(context, { stage: `reading ${input.entity} from Intercom` });
      const role = roleOf(input.entity);
      const call = activityCall(input.mode.kind === 'all' ? 'background' : 'live');
      const { meter } = call;
      const settings = await settingsProvider.current();
      const roleFilter: SearchQuery = { field: 'role', operator: '=', value: role };
      const { mode } = input;
      const query: SearchQuery =
        mode.kind === 'all'
          ? roleFilter
          : {
              operator: 'AND',
              value: [
                roleFilter,
                {
                  field: mode.field,
                  operator: '>',
                  value: searchFloorFor(mode.watermark, await lookups.workspaceTimezone(call)),
                },
              ],
            };
      const page = await intercom.searchContacts(
        {
          query,
          startingAfter: input.cursor,
          sort:
            mode.kind === 'all'
              ? { field: 'created_at', order: 'ascending' }
              : { field: mode.field, order: 'descending' },
        },
        call,
      );

      const batch = hull.batch();
      let written = 0;
      let skipped = 0;
      let reachedWatermark = false;
      const writing = () => `writing ${page.data.length} ${input.entity} to Hull (${written + skipped} done)`;
      reportStatus(context, { stage: writing() });
      for (const contact of page.data) {
        if ((written + skipped) % STATUS_EVERY === 0) reportStatus(context, { stage: writing() });
        if (mode.kind === 'since') {
          const value = (contact[mode.field] as number | null | undefined) ?? 0;
          // Exact filter on the client; the last_seen_at pass skips what the updated_at pass already wrote.
          const alreadyWritten = mode.field === 'last_seen_at' && contact.updated_at >= mode.watermark;
          if (value < mode.watermark || alreadyWritten) {
            skipped += 1;
            reachedWatermark ||= value < mode.watermark;
            continue;
          }
        }
        await queueContact(batch, contact, { intercom, lookups, settings, call });
        written += 1;
      }
      await batch.flush(context.cancellationSignal);

      const nextCursor = page.pages?.next?.starting_after ?? undefined;
      const window = intercom.transport.governor.window;
      return {
        next: reachedWatermark || page.data.length === 0 ? undefined : nextCursor,
        fetched: page.data.length,
        written,
        skipped,
        requests: meter.requests,
        total: page.total_count ?? undefined,
        rate: window && { limit: window.limit, remaining: window.remaining },
      };
    },
  };
}
