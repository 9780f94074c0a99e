/**
 * What an operation is: a name after Ibexa Connect's Intercom module (`contacts.create`), a zod input
 * (validated by the API, documented in its OpenAPI document, parsed again by the activity), the one
 * Intercom request it makes, a zod schema its answer must pass, and the result it hands back. Pure
 * definitions: the API documents and validates with them, the `runOperation` activity executes them.
 */
import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The Intercom request an operation makes, relative to the workspace's API host. */
export interface OperationCall {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The resources operations are grouped under (one OpenAPI tag each). */
export const RESOURCES = {
  contacts: 'Contacts: users and leads.',
  companies: 'Companies and their contacts.',
  admins: 'Admins (teammates), the authenticated admin, away mode, activity logs.',
  'data-events': 'Data events of contacts.',
  'data-attributes': 'Data attributes of contacts and companies.',
  tags: 'Tags, and tagging companies, conversations and contacts.',
  segments: 'Segments.',
  notes: 'Notes on contacts.',
  conversations: 'Conversations: list, search, create, reply, assign, state.',
  raw: 'The raw authorised call to any Intercom path.',
} as const;

export type Resource = keyof typeof RESOURCES;

export interface Operation<I = unknown, R = unknown, O = unknown> {
  name: string;
  resource: Resource;
  summary: string;
  description?: string;
  /**
   * A write changes Intercom: it takes an `Idempotency-Key`. Reads are answered fresh every time.
   */
  write: boolean;
  /**
   * Whether sending the same request twice is harmless (reads, PUT, DELETE, upserts): such requests get
   * the client's quick retries. A create or a merge is not: a 5xx may hide a request that happened.
   */
  repeatable: boolean;
  input: z.ZodType<I>;
  /** Validates Intercom's answer (loose: Intercom sends more than it documents). */
  response: z.ZodType<R>;
  /** What the operation answers (documented in the OpenAPI document; no transforms). */
  output: z.ZodType<O>;
  call(input: I): OperationCall;
  result(response: R, input: I): O;
}

/** Operations as the registry holds them: inputs and answers are validated at run time by their own schemas. */
export type AnyOperation = Operation<unknown, unknown, unknown>;

/**
 * Defines an operation. `result` defaults to the response itself (then `output` defaults to
 * `response`); `write` defaults to true, `repeatable` to false (say so for reads, PUT, DELETE and upserts).
 */
export function defineOperation<I, R, O = R>(
  definition: Omit<Operation<I, R, O>, 'repeatable' | 'output' | 'result' | 'write'> & {
    write?: boolean;
    repeatable?: boolean;
    output?: z.ZodType<O>;
    result?: (response: R, input: I) => O;
  },
): AnyOperation {
  const operation: Operation<I, R, O> = {
    ...definition,
    write: definition.write ?? true,
    repeatable: definition.repeatable ?? false,
    output: definition.output ?? (definition.response as unknown as z.ZodType<O>),
    result: definition.result ?? ((response) => response as unknown as O),
  };
  return operation;
}

/** A path with its parameters percent-encoded: path`/contacts/${id}/tags`. */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((out, text, index) => {
    const value = values[index - 1];
    return out + (value === undefined ? '' : encodeURIComponent(String(value))) + text;
  });
}

// ---- shared input pieces ----------------------------------------------------------------------------

/** Intercom ids are strings (24 hex characters for contacts, digits for companies' Intercom ids and admins). */
export const id = (what: string) => z.string().min(1).describe(`The ${what}'s Intercom id.`);

/** Unix seconds, as Intercom takes and answers dates. */
export const unixSeconds = (what: string) => z.int().min(0).describe(`${what} (Unix seconds).`);

export const limitInput = z
  .int()
  .min(1)
  .max(150)
  .default(50)
  .describe('Records per page (1–150; Intercom caps its pages at 150).');

/** The cursor of a page-numbered list or of a list Intercom answers whole: the next page's number. */
export const pageCursor = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/, 'a cursor this operation answered (next_cursor)')
  .optional()
  .describe('`next_cursor` of the previous page; absent for the first page.');

/** An Intercom cursor (`starting_after`), passed through as Intercom issued it. */
export const intercomCursor = z
  .string()
  .min(1)
  .max(2000)
  .optional()
  .describe('`next_cursor` of the previous page; absent for the first page.');

export const pagingInput = { limit: limitInput, cursor: pageCursor };

/** The answer of every list operation: one page, and the cursor of the next (null: this was the last). */
export function pageOutput<T extends z.ZodType>(item: T, description: string) {
  return z
    .object({
      data: z.array(item),
      next_cursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page.'),
      total_count: z.int().optional().describe("Intercom's total, where it reports one."),
    })
    .describe(description);
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  total_count?: number;
}

/** A page out of a list Intercom answers whole (tags, admins, segments, ...): `cursor` is the page number. */
export function pageOfWhole<T>(items: T[], input: { limit: number; cursor?: string }): Page<T> {
  const page = Number(input.cursor ?? '1');
  const start = (page - 1) * input.limit;
  const data = items.slice(start, start + input.limit);
  return {
    data,
    next_cursor: start + input.limit < items.length ? String(page + 1) : null,
    total_count: items.length,
  };
}

/** Intercom's `pages` object of page-numbered lists. */
export const numberedPages = z
  .object({ page: z.number().nullish(), total_pages: z.number().nullish() })
  .loose()
  .nullish();

/** The next page's number of a page-numbered list, or null. */
export function nextPageNumber(pages: z.infer<typeof numberedPages>, cursor: string | undefined): string | null {
  const page = pages?.page ?? Number(cursor ?? '1');
  return pages?.total_pages !== undefined && pages.total_pages !== null && page < pages.total_pages
    ? String(page + 1)
    : null;
}

const totalOf = (total: number | null | undefined) => (typeof total === 'number' ? { total_count: total } : {});

/** A page of a page-numbered list (`pages.page`, `pages.total_pages`). */
export function numberedPage<T>(
  data: T[],
  response: { pages?: z.infer<typeof numberedPages>; total_count?: number | null },
  cursor: string | undefined,
): Page<T> {
  return { data, next_cursor: nextPageNumber(response.pages, cursor), ...totalOf(response.total_count) };
}

/** A page of a cursor list (`pages.next.starting_after`). */
export function cursorPage<T>(
  data: T[],
  response: { pages?: z.infer<typeof cursorPages>; total_count?: number | null },
): Page<T> {
  return { data, next_cursor: nextStartingAfter(response.pages), ...totalOf(response.total_count) };
}

/** Intercom's `pages` object of cursor lists (`next.starting_after`). */
export const cursorPages = z
  .object({ next: z.object({ starting_after: z.string().nullish() }).loose().nullish() })
  .loose()
  .nullish();

export const nextStartingAfter = (pages: z.infer<typeof cursorPages>): string | null =>
  pages?.next?.starting_after ?? null;

/** An empty answer (Intercom's 200 with an object we do not need, or a 204). */
export const done = z.object({ ok: z.literal(true) }).describe('Intercom accepted the request.');
export const acknowledge = () => ({ ok: true as const });

/** `{ type, id, deleted }` answers of DELETE requests. */
export const deletedSchema = z
  .object({ id: z.string().optional(), deleted: z.boolean().optional(), type: z.string().optional() })
  .loose();

/** Spread into a read's definition: no Idempotency-Key, repeatable at will. */
export const READ = { write: false, repeatable: true } as const;
