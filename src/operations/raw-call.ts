/**
 * The raw call: any request to the workspace's API host, authorised with the engine's token, with the
 * pinned `Intercom-Version`, on the rate budget and under the same error classification as every other
 * operation. The path is relative to the API host and checked so that nothing can leave it: no scheme,
 * no host, no `..` segment (encoded or not), no query or fragment in the path (use `query`).
 */
import { z } from 'zod';
import { defineOperation } from './definition';

/** Headers the engine sets itself: a caller cannot replace the token, the version or the framing. */
const RESERVED_HEADERS = new Set([
  'authorization',
  'intercom-version',
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'cookie',
]);

/** Why a path is refused, or undefined when it stays on the API host. */
export function rawPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'must start with / (a path relative to the API host, not a URL)';
  if (path.startsWith('//')) return 'must not start with // (that names another host)';
  if (/[\\\s]/.test(path)) return 'must not contain backslashes or white space';
  if (/[?#]/.test(path)) return 'must not contain ? or # (give query parameters in `query`)';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return 'is not a valid percent-encoded path';
  }
  if (decoded.split(/[/\\]/).some((segment) => segment === '..' || segment === '.')) {
    return 'must not contain . or .. segments';
  }
  if (decoded.startsWith('//') || /^\/[a-z][a-z0-9+.-]*:/i.test(decoded)) return 'must stay on the API host';
  return undefined;
}

const rawInput = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  path: z
    .string()
    .min(1)
    .max(2000)
    .superRefine((path, context) => {
      const problem = rawPathProblem(path);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    })
    .describe('Relative to the workspace API host, e.g. `/contacts/6571…/notes`.'),
  query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  headers: z
    .record(z.string(), z.string())
    .superRefine((headers, context) => {
      for (const name of Object.keys(headers)) {
        if (RESERVED_HEADERS.has(name.toLowerCase())) {
          context.addIssue({ code: 'custom', message: `the engine sets ${name} itself`, path: [name] });
        } else if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(name)) {
          context.addIssue({ code: 'custom', message: `${name} is not a header name`, path: [name] });
        }
      }
    })
    .optional(),
  body: z.unknown().optional().describe('Sent as JSON.'),
});

export const rawCallOperation = defineOperation({
  name: 'raw.call',
  resource: 'raw',
  summary: 'Any authorised Intercom request',
  description:
    'Method, path relative to the API host, query, headers and JSON body; the answer is Intercom’s body as ' +
    'it came. An Idempotency-Key makes a retried write run once; without one a POST is never repeated on a ' +
    '5xx, GET, PUT and DELETE are.',
  input: rawInput,
  call: (input) => ({
    method: input.method,
    path: input.path,
    query: input.query,
    headers: input.headers,
    body: input.body,
  }),
  response: z.unknown(),
  output: z.object({ body: z.unknown().describe("Intercom's answer, unchanged.") }),
  result: (body) => ({ body: body === '' ? null : body }),
});
