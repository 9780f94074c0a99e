/**
 * The progress of a fetch run, as the workflow keeps it (memo, `progress` query) and as GET
 * /runs/<id> answers it with what its page activity is doing right now. One definition: the zod
 * schemas (for the API's documentation) and the TypeScript types derived from them. Workflows import
 * only the types, so zod never enters the workflow bundle.
 */
import { z } from 'zod';

/** Intercom's rate window as the last response reported it. */
const rateWindowSchema = z.object({ limit: z.number(), remaining: z.number() });

/** What the workflow records after each page (memo `progress`, the `progress` query). */
export const fetchProgressSchema = z.object({
  entity: z.enum(['users', 'leads', 'companies']),
  /** `all`: fetch-all; `since`: an incremental run from the high-water mark. */
  mode: z.enum(['all', 'since']),
  startedAt: z.string().describe('ISO time the run started (the first of its continued runs)'),
  pages: z.number().describe('pages done'),
  fetched: z.number().describe('records read from Intercom'),
  written: z.number().describe('records written to Hull'),
  skipped: z.number().describe('records read but not written (older than the watermark, already written)'),
  requests: z.number().describe('Intercom requests made'),
  total: z
    .number()
    .optional()
    .describe(
      'records the run reads at most, as Intercom counts them (an incremental run: the sum over its passes, each an upper bound)',
    ),
  rate: rateWindowSchema.optional().describe("Intercom's rate window at the last page"),
  recordsPerSecond: z.number().optional().describe('records read per second since the start'),
  estimatedSecondsLeft: z.number().optional(),
  notes: z.array(z.string()).describe('the last ten things an operator should know (fallbacks taken, restarts)'),
  done: z.boolean(),
  failed: z.string().optional().describe('why the run failed, when it did'),
});

/** What a running activity says it is doing, in its heartbeat details. */
export const activityStatusSchema = z.object({
  /** What it is doing: "reading from Intercom", "writing 150 records to Hull". */
  stage: z.string().optional(),
  /** What it waits for, while it waits ("rate window: live traffic first ..."). */
  waiting: z.string().optional(),
});

/** The page activity a running fetch is on, from Temporal's pending-activity record. */
export const pageActivitySchema = activityStatusSchema.extend({
  activity: z.string(),
  /** SCHEDULED (queued: not yet picked up), STARTED, CANCEL_REQUESTED. */
  state: z.string(),
  attempt: z.number(),
  lastHeartbeatAt: z.string().optional(),
  lastFailure: z.string().optional().describe('the error the previous attempt failed with'),
  nextAttemptAt: z.string().optional().describe('when the next attempt starts, while retrying'),
});

/** GET /runs/<id>'s `progress`: the workflow's record, what it is waiting for, and its page activity. */
export const runProgressSchema = fetchProgressSchema.extend({
  waiting: z
    .string()
    .optional()
    .describe(
      'what the run waits for now: the rate window (live traffic first), a retry after an error, the queue, or nothing',
    ),
  activity: pageActivitySchema.optional(),
});

export type FetchProgress = z.infer<typeof fetchProgressSchema>;
export type ActivityStatus = z.infer<typeof activityStatusSchema>;
export type PageActivity = z.infer<typeof pageActivitySchema>;
export type RunProgress = z.infer<typeof runProgressSchema>;
