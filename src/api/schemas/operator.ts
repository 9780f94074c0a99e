/** The answer of GET /operator/status: everything the operator page shows but the failures (GET /failures). */
import { z } from 'zod';
import { timestamp } from '../schemas';

const sideState = z
  .enum(['ok', 'refused', 'failing', 'unchecked'])
  .describe(
    '`ok`: the last check passed; `refused`: the credentials were refused (outgoing sync pauses); `failing`: the ' +
      'service did not answer; `unchecked`: no check yet (no worker has run one).',
  );

export const intercomConnectionSchema = z.object({
  state: sideState,
  workspaceId: z.string().optional(),
  workspaceName: z.string().nullable().optional(),
  region: z.string().nullable().optional().describe("The workspace's region as Intercom reports it (US, EU, AU)."),
  apiUrl: z.string().describe('The Intercom API host the engine calls.'),
  checkedAt: timestamp.optional(),
  reason: z.string().optional().describe('Why the state is not `ok`.'),
  outgoingPaused: z
    .object({ reason: z.string(), until: timestamp })
    .optional()
    .describe('Set while outgoing sync is paused because Intercom refused the token.'),
  reconnect: z.string().optional().describe('What to do about a refused token.'),
  connect: z.string().optional().describe('Where an operator connects (again) with OAuth, when it is configured.'),
  connectedAt: timestamp.optional().describe('When the workspace was connected with OAuth.'),
});

export const hullConnectionSchema = z.object({
  state: sideState,
  connectorId: z.string(),
  connectorName: z.string().nullable().optional(),
  checkedAt: timestamp.optional(),
  reason: z.string().optional(),
});

export const rateSchema = z.object({
  limitPerMinute: z.int().describe("The app's budget per minute (Intercom's headers once reported, else configured)."),
  requestsPerMinute: z.number().describe('Intercom requests per minute over the last reports of every worker.'),
  share: z.number().describe('requestsPerMinute / limitPerMinute (0 to 1).'),
  window: z
    .object({ limit: z.int(), remaining: z.int(), resetAt: timestamp })
    .optional()
    .describe("Intercom's current 10-second window, as the last response reported it."),
  workers: z.int().describe('Worker processes that reported in the last minute.'),
  reportedAt: timestamp.optional().describe('The latest report.'),
});

export const runSummarySchema = z.object({
  kind: z.enum(['fetch-all', 'incremental-fetch', 'activation']),
  name: z.string().describe('e.g. `fetch-all users`, `activation sample-customers`.'),
  workflowId: z.string(),
  runId: z.string(),
  status: z.string().describe("Temporal's execution status: RUNNING, COMPLETED, FAILED, ..."),
  startTime: timestamp,
  closeTime: timestamp.optional(),
  summary: z.string().describe('Its counts in words.'),
  percent: z.number().optional().describe('Read of the total, when the total is known.'),
  waiting: z.string().optional().describe('What a running run waits for now.'),
  failure: z.string().optional(),
  temporalUrl: z.string().optional().describe("The run's page in the Temporal UI."),
});

export const hourSchema = z.object({
  hour: timestamp.describe("The hour's start (UTC)."),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  skipped: z.int(),
  failed: z.int().describe('Failed attempts (Temporal retries each, so one record may count several times).'),
  other: z.int().describe('Other outcomes (planned in a dry run, leads merged into users, tags removed).'),
  byWhat: z.record(z.string(), z.record(z.string(), z.int())).describe('The same by contacts / companies / leads.'),
});

export const temporalLinkSchema = z.object({
  label: z.string(),
  query: z.string().describe('The Temporal UI list query.'),
  url: z.string().optional().describe('The list in the Temporal UI (when its address is known: TEMPORAL_UI_URL).'),
});

export const operatorStatusSchema = z
  .object({
    generatedAt: timestamp,
    mode: z.enum(['sandbox', 'live']),
    connections: z.object({ intercom: intercomConnectionSchema, hull: hullConnectionSchema }),
    rate: rateSchema,
    runs: z.array(runSummarySchema).describe('The running fetch and activation runs, and the last of each kind.'),
    writesByHour: z.array(hourSchema).describe('Writes to Intercom per hour, the last 24 hours, newest first.'),
    temporal: z.object({ uiUrl: z.string().optional(), namespace: z.string(), links: z.array(temporalLinkSchema) }),
  })
  .describe('The connector at a glance.');

export type OperatorStatus = z.input<typeof operatorStatusSchema>;
export type RunSummary = z.input<typeof runSummarySchema>;
