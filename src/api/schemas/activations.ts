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
