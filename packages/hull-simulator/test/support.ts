/**
 * Shared helpers for the Hull simulator tests: signing firehose messages like the reference
 * client, calling REST with credentials, and a fake connector that records
 * notifications and answers them from a script.
 */
import { createHmac, verify } from 'node:crypto';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import Fastify, { type FastifyInstance } from 'fastify';
import { listenOnLoopback } from '@hull-intercom-sync/simulator-kit';
import type { HullSegmentDefinition, HullSimulator } from '../src';

/** A user segment of customers, by the `crm/stage` trait, as several tests configure it. */
export const CUSTOMERS: HullSegmentDefinition = {
  id: '65a000000000000000000001',
  name: 'Customers',
  type: 'users_segment',
  query: { 'traits_crm/stage': 'customer' },
};

const base64urlJson = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The connector's side of Hull's JWTs, as the tests play it: an HS256 signer and an RS256 check written
 * here, apart from the simulator's jwt.ts (and from the engine's), so a mistake in one cannot cancel out.
 */
export function signHs256(payload: Record<string, unknown>, secret: string): string {
  const input = `${base64urlJson({ typ: 'JWT', alg: 'HS256' })}.${base64urlJson(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Verifies a notification signature with the platform's PEM public key; returns the claims. */
export function verifyRs256(token: string, publicKeyPem: string): Record<string, unknown> {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
  if (decodedHeader.alg !== 'RS256') throw new Error(`unexpected algorithm ${String(decodedHeader.alg)}`);
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    publicKeyPem,
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) throw new Error('invalid signature');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export interface TokenClaims {
  subjectType: 'user' | 'account';
  asUser?: Record<string, unknown>;
  asAccount?: Record<string, unknown>;
  sub?: string;
  create?: boolean;
  [extra: string]: unknown;
}

/** A per-message access token as the reference client builds it. */
export function accessToken(
  sim: HullSimulator,
  claims: TokenClaims,
  override: { secret?: string; iss?: string } = {},
): string {
  const { subjectType, asUser, asAccount, create, ...extra } = claims;
  return signHs256(
    {
      iss: override.iss ?? sim.connectorId,
      iat: Math.floor(Date.now() / 1000),
      'io.hull.subjectType': subjectType,
      ...(asUser && { 'io.hull.asUser': asUser }),
      ...(asAccount && { 'io.hull.asAccount': asAccount }),
      ...(create !== undefined && { 'io.hull.create': create }),
      ...extra,
    },
    override.secret ?? sim.connectorSecret,
  );
}

export interface FirehoseMessage {
  type: string;
  body: unknown;
  headers: Record<string, string>;
  timestamp: string;
  context?: Record<string, unknown>;
}

export function message(sim: HullSimulator, type: string, body: unknown, claims: TokenClaims): FirehoseMessage {
  return {
    type,
    body,
    headers: { 'Hull-Access-Token': accessToken(sim, claims) },
    timestamp: new Date().toISOString(),
  };
}

export const asUser = (claims: Record<string, unknown>): TokenClaims => ({ subjectType: 'user', asUser: claims });
export const asAccount = (claims: Record<string, unknown>): TokenClaims => ({
  subjectType: 'account',
  asAccount: claims,
});

export function connectorHeaders(sim: HullSimulator): Record<string, string> {
  return {
    'Hull-App-Id': sim.connectorId,
    'Hull-Access-Token': sim.connectorSecret,
    'Hull-Organization': sim.organization,
  };
}

/** POSTs a batch to the firehose with the connector's request-level credentials. */
export async function sendBatch(
  sim: HullSimulator,
  messages: unknown[],
  headers: Record<string, string> = connectorHeaders(sim),
): Promise<AxiosResponse> {
  const now = new Date().toISOString();
  return axios.post(
    sim.firehoseUrl,
    { batch: messages, timestamp: now, sentAt: now },
    { headers, validateStatus: () => true },
  );
}

export function restClient(sim: HullSimulator, headers: Record<string, string> = connectorHeaders(sim)): AxiosInstance {
  return axios.create({ baseURL: `${sim.apiUrl}/`, headers, validateStatus: () => true });
}

export interface SegmentObject {
  id: string;
  name: string;
  type: string;
  created_at: string;
  updated_at: string;
  query?: Record<string, unknown>;
}

export interface SegmentChanges {
  entered?: SegmentObject[];
  left?: SegmentObject[];
}

/** One message of any channel: entity updates, or connector / segment objects. */
export interface NotificationMessage {
  message_id?: string;
  id?: string;
  name?: string;
  user?: Record<string, unknown>;
  account?: Record<string, unknown>;
  events?: Array<Record<string, unknown>>;
  changes?: {
    is_new: boolean;
    user?: Record<string, unknown>;
    account?: Record<string, unknown>;
    segments?: SegmentChanges;
    account_segments?: SegmentChanges;
  };
  [key: string]: unknown;
}

export interface ConnectorDocument {
  id: string;
  private_settings: Record<string, unknown>;
  status: { status: string; messages: string[] };
  [key: string]: unknown;
}

/** The notification envelope. */
export interface NotificationBody {
  notification_id: string;
  configuration: { id: string; organization: string; secret: string };
  channel: string;
  connector: ConnectorDocument;
  segments: SegmentObject[];
  accounts_segments: SegmentObject[];
  messages: NotificationMessage[];
  is_export: boolean;
  kraken: { retries: number };
}

export interface ReceivedNotification {
  headers: Record<string, string | string[] | undefined>;
  body: NotificationBody;
}

/** `search/*` answers. */
export interface SearchPage {
  data: Array<Record<string, unknown> & { id: string; _id?: string }>;
  pagination: { page: number; per_page: number; pages: number; total: number };
}

export interface ErrorBody {
  status: number;
  message: string;
}

export type Responder = (notification: ReceivedNotification, index: number) => { status?: number; body?: unknown };

/** A fake connector on loopback; answers `{flow_control: {type: 'next'}}` unless scripted otherwise. */
export class FakeConnector {
  readonly received: ReceivedNotification[] = [];
  url = '';
  private readonly app: FastifyInstance = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });

  constructor(private respond: Responder = () => ({})) {
    this.app.post('/hull/notifications', (request, reply) => {
      const notification = { headers: request.headers, body: request.body as NotificationBody };
      this.received.push(notification);
      const answer = this.respond(notification, this.received.length - 1);
      return reply.code(answer.status ?? 200).send(answer.body ?? { flow_control: { type: 'next' } });
    });
  }

  async start(): Promise<string> {
    this.url = `${await listenOnLoopback(this.app)}/hull/notifications`;
    return this.url;
  }

  setResponder(respond: Responder): void {
    this.respond = respond;
  }

  channel(channel: string): ReceivedNotification[] {
    return this.received.filter((notification) => notification.body.channel === channel);
  }

  /** All messages of a channel, flattened across notifications. */
  messages(channel: string): NotificationMessage[] {
    return this.channel(channel).flatMap((notification) => notification.body.messages);
  }

  async stop(): Promise<void> {
    await this.app.close();
  }
}

/** Jest's asymmetric matchers are typed `any`; these wrappers keep expectations type-safe. */
export const anyString = (): unknown => expect.any(String);
export const anyObject = (): unknown => expect.any(Object);
export const like = (shape: Record<string, unknown>): unknown => expect.objectContaining(shape);
