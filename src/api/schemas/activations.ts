/**
 * The zod schemas of the activation endpoints' inputs and outputs, kept apart from the handlers so they
 * can be registered as route schemas (and so documented in OpenAPI) as they are.
 */
import { z } from 'zod';
import { activationDefinitionSchema } from '../../sync/activations/definition';
import { RECORD_STATUSES } from '../../shared/activations';

export const activationNameParams = z.object({ name: z.string().min(1) });
export const activationRunParams = activationNameParams.extend({ runId: z.string().min(1) });

const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .optional()
  .transform((value) => value === 'true' || value === '1');

export const startRunQuery = z.strictObject({
  /** Reads the source and Intercom and records what would happen to each row; writes nothing. */
  dry_run: flag,
  /** Only the rows that failed in earlier runs (a re-drive, at once). */
  retry_failed: flag,
});

export const recordsQuery = z.strictObject({
  status: z.enum(RECORD_STATUSES, { error: `must be one of ${RECORD_STATUSES.join(', ')}` }).optional(),
  /** Records after this line (the `next` of the previous page). */
  after: z.coerce.number({ error: 'must be a line number' }).int().min(0).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1)
    .max(1_000, { error: 'must be at most 1000' })
    .default(100),
  /** `csv` downloads every matching record as CSV (also `Accept: text/csv`). */
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
});

/** A definition in a request body: the schema itself, validated with readable lines. */
export const activationBody = activationDefinitionSchema;

export const activationView = z.object({
  name: z.string(),
  /** `settings`: from the settings file or the connector's settings (read-only here); `api`: made through the API. */
  origin: z.enum(['settings', 'api']),
  definition: z.unknown(),
  updatedAt: z.string().optional(),
  /** Why a stored definition no longer validates (it cannot run until replaced). */
  invalid: z.array(z.string()).optional(),
});
export type ActivationView = z.infer<typeof activationView>;

/** A definition as a request body; the handler validates it with one readable line per problem. */
export const activationDefinitionBody = z
  .record(z.string(), z.unknown())
  .describe(
    'An activation definition: name, source, object, behaviour, identifier, key, mapping, tag, admin_id, schedule, page_size (see the README).',
  );

export const activationListSchema = z.object({ activations: z.array(activationView) }).describe('Every activation.');

export const storedActivationSchema = z
  .object({ name: z.string(), origin: z.literal('api'), definition: z.unknown() })
  .describe('The activation as stored.');

/** Where to follow a run: its Temporal run, its summary and its records. */
export const runLinksSchema = z.looseObject({
  name: z.string(),
  runId: z.string(),
  workflowId: z.string(),
  status: z.string().describe('GET this path for the Temporal run (status, progress, outcome).'),
  run: z.string().describe("GET this path for the run's summary and record counts."),
  records: z.string().describe("GET this path for the run's per-record results."),
});

const runSummaryFields = {
  name: z.string(),
  runId: z.string(),
  workflowId: z.string(),
  run: z.string().describe("GET this path for the run's summary and record counts."),
  status: z.string().describe("Temporal's execution status: RUNNING, COMPLETED, FAILED, ..."),
  startTime: z.string().meta({ format: 'date-time' }),
  closeTime: z.string().meta({ format: 'date-time' }).nullable(),
  progress: z
    .unknown()
    .optional()
    .describe('Rows read of the total, written, unchanged, skipped, failed, rows/s, time left.'),
};

export const runListSchema = z
  .object({ runs: z.array(z.looseObject(runSummaryFields)) })
  .describe('The 50 most recent runs (GET `/runs/<workflowId>` for one in Temporal).');

export const runSummarySchema = z
  .looseObject({
    ...runSummaryFields,
    records: z.record(z.string(), z.int()).describe('Records by status.'),
    failure: z.string().optional().describe('Why the run failed, once it did.'),
  })
  .describe('The run.');

export const recordPageSchema = z
  .object({
    records: z.array(z.looseObject({ line: z.int(), status: z.string() })),
    next: z.int().nullable().describe('Pass as `after` for the next page; null on the last.'),
  })
  .describe('A page of per-record results (or, with `format=csv` or `Accept: text/csv`, all of them as CSV).');

export const uploadStoredSchema = z
  .looseObject({ name: z.string(), format: z.string(), rows: z.int(), problems: z.int(), run: z.string() })
  .describe('The file is stored; start a run to sync it.');
