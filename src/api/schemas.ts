/** Small schemas several routes' answers share. */
import { z } from 'zod';

/** An ISO 8601 UTC timestamp as `Date.toISOString()` writes it (documented as `date-time`). */
export const timestamp = z.string().meta({ format: 'date-time' });

/** The exact HTTP request that does something, e.g. re-drive a failure: method, path and JSON body. */
export const requestSchema = z.object({
  method: z.string(),
  path: z.string(),
  body: z.record(z.string(), z.unknown()).optional(),
});
