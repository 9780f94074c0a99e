/**
 * The one shape of every 4xx and 5xx answer of the API: RFC 9457 problem details, sent as
 * `application/problem+json`. A handler refuses a request by throwing `HttpProblem`; the error
 * handler (error-answers.ts) turns it, and every error Fastify raises itself, into this shape.
 * Routes declare the problems they can answer with `problemResponses(...)`, so the OpenAPI document
 * lists them.
 */
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `type` when the status code says it all (RFC 9457 section 4.2.1); `title` is then the status phrase. */
export const GENERIC_PROBLEM_TYPE = 'about:blank';

export const fieldErrorSchema = z.object({
  path: z.string().describe('Where the problem is, e.g. `body.workflowId` or `querystring.include`.'),
  message: z.string(),
});

export const problemSchema = z
  .looseObject({
    type: z.string().describe('A URI reference naming the kind of problem; `about:blank`: the status says it.'),
    title: z.string().describe('A short summary of the kind of problem (the HTTP status phrase for `about:blank`).'),
    status: z.int().min(400).max(599).describe('The HTTP status code.'),
    detail: z.string().describe('What went wrong with this request, for a person to read.'),
    instance: z
      .string()
      .optional()
      .describe('The path of the request that failed (absent when the request was not even valid HTTP).'),
    errors: z.array(fieldErrorSchema).optional().describe('Every problem a validation found, one per place.'),
  })
  .describe(
    'RFC 9457 problem details. Other members (e.g. `workflowId`, `flow_control`, `code`) are extensions some answers add.',
  )
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** Members a problem may add to the standard ones (RFC 9457 section 3.2), e.g. the ids of a conflicting run. */
export type ProblemExtensions = Record<string, unknown>;

/**
 * Thrown by a route handler to answer with problem details:
 * `throw new HttpProblem(404, 'no run with id x')`, or with extension members and headers.
 */
export class HttpProblem extends Error {
  override name = 'HttpProblem';

  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: {
      type?: string;
      title?: string;
      extensions?: ProblemExtensions;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
  }
}

export const statusTitle = (status: number): string => STATUS_CODES[status] ?? 'Error';

/** The problem document itself; standard members always win over extensions of the same name. */
export function problemDocument(
  status: number,
  detail: string,
  instance: string | undefined,
  options: { type?: string; title?: string; extensions?: ProblemExtensions } = {},
): Problem {
  const standard = {
    type: options.type ?? GENERIC_PROBLEM_TYPE,
    title: options.title ?? statusTitle(status),
    status,
    detail,
    instance,
  };
  const extensions = Object.entries(options.extensions ?? {}).filter(([name]) => !(name in standard));
  return { ...standard, ...Object.fromEntries(extensions) };
}

/** The route schema's `response` entries for problems the route can answer with, e.g. `problemResponses(401, 404)`. */
export function problemResponses<S extends number>(...statuses: S[]) {
  const response = { description: '', content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } };
  return Object.fromEntries(statuses.map((status) => [status, { ...response, description: statusTitle(status) }])) as {
    [K in S]: typeof response;
  };
}
