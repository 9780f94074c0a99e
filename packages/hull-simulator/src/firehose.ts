/**
 * The firehose route: `POST /api/v1/firehose` (and `POST /`, the real host's root path).
 *
 * Rejection granularity: the request is refused as a whole only when it cannot be attributed or
 * read — bad request-level credentials → 401, an envelope without a `batch` array → 400; nothing is
 * ingested then. Problems of single messages (bad or foreign JWT, unknown type, invalid body) reject
 * only that message, recorded in `rejectedMessages` with its reason, and the POST still answers 200,
 * as the real firehose ingests asynchronously and cannot fail a whole batch for one bad message.
 * Attributes refused inside an accepted traits message are recorded the same way. The 200 body counts
 * accepted / rejected / ignored messages (clients ignore it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { JwtError, decodeJwt, verifyHs256 } from './jwt';
import { credentialProblem } from './auth';
import type { ConnectorState } from './connector';
import { ingestMessage } from './ingest';
import { Touched, type CommittedChanges, type HullState } from './state';
import type { DecodedFirehoseMessage, RecordedBatch, RejectedMessage } from './types';

export interface FirehoseDeps {
  state: HullState;
  connector: ConnectorState;
  batches: RecordedBatch[];
  rejected: RejectedMessage[];
  /** Called with what a batch changed, after segments were re-evaluated (drives autoNotify). */
  afterIngest(changes: CommittedChanges): void;
}

const envelopeSchema = z.object({ batch: z.array(z.unknown()) });

const messageSchema = z.object({
  type: z.string(),
  body: z.unknown(),
  headers: z.record(z.string(), z.unknown()).optional(),
});

type MessageOutcome = 'accepted' | 'rejected' | 'ignored';

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ');
}

function accessTokenOf(headers: Record<string, unknown> | undefined): unknown {
  if (headers === undefined) return undefined;
  const key = Object.keys(headers).find((name) => name.toLowerCase() === 'hull-access-token');
  return key === undefined ? undefined : headers[key];
}

/** Per-message identity: HS256 with the connector secret, issued by the connector. */
function verifyMessageToken(
  token: unknown,
  connector: ConnectorState,
  nowSeconds: number,
): { claims: Record<string, unknown> } | { reason: string } {
  if (typeof token !== 'string' || token === '') return { reason: 'missing headers["Hull-Access-Token"]' };
  try {
    const claims = verifyHs256(token, connector.secret, nowSeconds);
    if (claims.iss !== connector.id) {
      return { reason: `access token iss ${String(claims.iss)} is not this connector` };
    }
    return { claims };
  } catch (error) {
    if (error instanceof JwtError) return { reason: `invalid access token: ${error.message}` };
    throw error;
  }
}

function processMessage(deps: FirehoseDeps, raw: unknown, touched: Touched): MessageOutcome {
  const { state, connector, rejected } = deps;
  const reject = (reason: string): MessageOutcome => {
    rejected.push({ reason, message: raw });
    return 'rejected';
  };
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) return reject(`malformed message: ${describeIssues(parsed.error)}`);
  const { type, body, headers } = parsed.data;
  state.counters.messagesByType[type] = (state.counters.messagesByType[type] ?? 0) + 1;
  const verified = verifyMessageToken(accessTokenOf(headers), connector, state.now() / 1000);
  if ('reason' in verified) return reject(verified.reason);
  const outcome = ingestMessage(state, { type, body, claims: verified.claims, appId: connector.id }, touched);
  if (outcome.status === 'rejected') return reject(outcome.reason);
  if (outcome.status === 'ignored') return 'ignored';
  for (const problem of outcome.problems) rejected.push({ reason: `partially applied: ${problem}`, message: raw });
  return 'accepted';
}

function handleFirehose(deps: FirehoseDeps, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { state, connector } = deps;
  state.counters.firehoseRequests += 1;
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const recorded: RecordedBatch = {
    receivedAt: state.nowIso(),
    headers: {
      'hull-app-id': header('hull-app-id'),
      'hull-organization': header('hull-organization'),
      'hull-access-token': header('hull-access-token'),
      'user-agent': header('user-agent'),
    },
    body: request.body,
    status: 200,
  };
  deps.batches.push(recorded);
  const answer = (status: number, body: unknown): FastifyReply => {
    recorded.status = status;
    return reply.code(status).send(body);
  };

  const authProblem = credentialProblem(request, connector, state.now() / 1000);
  if (authProblem !== undefined) return answer(401, { status: 401, message: authProblem });
  const envelope = envelopeSchema.safeParse(request.body);
  if (!envelope.success) return answer(400, { status: 400, message: 'body must be {batch: [...]}' });

  const touched = new Touched();
  const counts: Record<MessageOutcome, number> = { accepted: 0, rejected: 0, ignored: 0 };
  for (const raw of envelope.data.batch) counts[processMessage(deps, raw, touched)] += 1;
  state.counters.firehoseMessages += envelope.data.batch.length;
  state.counters.messagesAccepted += counts.accepted;
  state.counters.messagesRejected += counts.rejected;
  state.counters.messagesIgnored += counts.ignored;
  if (!touched.isEmpty) deps.afterIngest(state.commit(touched));
  return answer(200, counts);
}

export function registerFirehoseRoutes(app: FastifyInstance, deps: FirehoseDeps): void {
  const handler = (request: FastifyRequest, reply: FastifyReply): FastifyReply => handleFirehose(deps, request, reply);
  app.post('/api/v1/firehose', handler);
  app.post('/', handler);
}

/** Recorded messages with their tokens decoded but not verified, for assertions. */
export function decodeRecordedMessages(batches: readonly RecordedBatch[]): DecodedFirehoseMessage[] {
  return batches.flatMap((batch) => {
    const parsed = envelopeSchema.safeParse(batch.body);
    if (!parsed.success) return [];
    return parsed.data.batch.map((raw) => {
      const message = (raw ?? {}) as {
        type?: unknown;
        body?: unknown;
        context?: unknown;
        headers?: Record<string, unknown>;
      };
      const token = accessTokenOf(message.headers);
      let claims: Record<string, unknown> = {};
      try {
        if (typeof token === 'string') claims = decodeJwt(token).payload;
      } catch {
        // An undecodable token is recorded as a message without claims.
      }
      return {
        type: String(message.type),
        subjectType: claims['io.hull.subjectType'],
        asUser: claims['io.hull.asUser'],
        asAccount: claims['io.hull.asAccount'],
        body: message.body,
        context: message.context,
      };
    });
  });
}
