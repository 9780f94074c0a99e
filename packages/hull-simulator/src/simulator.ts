/**
 * A stateful Hull platform — one organization, one connector — served over real HTTP on loopback
 * (README.md describes the protocol it speaks). Tests, benchmarks and the engine's sandbox mode drive it through
 * this class: the firehose and REST API for the engine, methods to play "another source wrote to
 * Hull" and to send notifications, and recorded logs for assertions.
 */
import type { FastifyInstance } from 'fastify';
import {
  envelope,
  listenOnLoopback,
  openEnvelope,
  Prng,
  SnapshotError,
  type SnapshotEnvelope,
} from '@hull-intercom-sync/simulator-kit';
import { ChangeTracker, type ChangeTrackerSnapshot } from './changes';
import { ConnectorState, type ConnectorSnapshot } from './connector';
import { registerControlRoutes } from './control';
import { eventFromTrackBody, trackBodyProblem } from './events';
import { FaultInjector, type HullFailureOptions } from './faults';
import {
  findAccount,
  findUser,
  parseAccountClaims,
  parseUserClaims,
  resolveAccount,
  resolveUser,
  type Resolution,
} from './identity';
import { SANDBOX_CONNECTOR_ID, isHexId } from './ids';
import { buildEnvelope } from './messages';
import { Notifier, abortableSleep } from './notifier';
import { DEFAULT_CHANNELS, DEFAULT_CONNECTOR_SECRET, type HullSimulatorOptions } from './options';
import { SAMPLE_SEGMENTS, seedSampleData, type SeedOptions } from './seed';
import { SegmentRegistry, type SegmentSnapshot } from './segments';
import { decodeRecordedMessages } from './firehose';
import { PUBLIC_KEY_PATH, buildServer } from './server';
import { signatureHeaders } from './signing';
import { HullState, Touched, type CommittedChanges } from './state';
import type { HullStoreSnapshot } from './store';
import { accountTarget, userTarget } from './targets';
import { applyTraitBody } from './traits';
import type {
  AccountClaims,
  DecodedFirehoseMessage,
  HullAccount,
  HullCounters,
  HullEvent,
  HullSegment,
  HullSegmentDefinition,
  HullUser,
  NotificationLogEntry,
  NotifyResult,
  RecordedBatch,
  RejectedMessage,
  RequestLogEntry,
  UserClaims,
} from './types';
import { UpdatePublisher, type Publication } from './updates';

export interface UpsertOptions {
  /** Look up only (`io.hull.create: false`); throws when nothing matches. */
  create?: boolean;
  /** Send a user:update / account:update for this change even without autoNotify. */
  notify?: boolean;
}

/** A track call as another source would make it. */
export interface TrackInput {
  event: string;
  properties?: Record<string, unknown>;
  event_id?: string;
  created_at?: string | number;
  source?: string;
  type?: string;
  context?: Record<string, unknown>;
}

/**
 * The organization's data as plain JSON (`snapshot()`, `restore()`): entities, events, segments, the
 * connector's settings and status, what each entity was last notified with, and the counters. Logs,
 * faults and the notification target are not part of it.
 */
export type HullSnapshot = SnapshotEnvelope<
  'hull',
  {
    store: HullStoreSnapshot;
    baselines: ChangeTrackerSnapshot;
    segments: SegmentSnapshot;
    connector: ConnectorSnapshot;
    counters: HullCounters;
  }
>;

const SNAPSHOT_FORMAT = 1;

function resolved<T>(resolution: Resolution<T>): T {
  if (resolution.status !== 'resolved') throw new Error(resolution.reason);
  return resolution.entity;
}

export class HullSimulator {
  readonly connectorId: string;
  readonly connectorSecret: string;
  /** Firehose POSTs that reached the firehose handler, as received (faulted ones are only in requestLog). */
  readonly firehoseBatches: RecordedBatch[] = [];
  readonly rejectedMessages: RejectedMessage[] = [];
  readonly requestLog: RequestLogEntry[] = [];
  readonly notificationLog: NotificationLogEntry[] = [];

  private readonly state: HullState;
  private readonly connector: ConnectorState;
  private readonly tracker: ChangeTracker;
  private readonly notifier: Notifier;
  private readonly updates: UpdatePublisher;
  private readonly faults: FaultInjector;
  /** Segment definitions a snapshot may name: their predicates cannot be stored. */
  private readonly knownSegments: readonly HullSegmentDefinition[];
  private readonly organizationOption: string | undefined;
  private readonly signNotifications: boolean;
  private notifyUrl: string | undefined;
  private channels: Set<string>;
  private autoNotify: boolean;
  private app: FastifyInstance | undefined;
  private baseUrl: string | undefined;
  private stopped = false;

  constructor(options: HullSimulatorOptions = {}) {
    const connectorId = options.connectorId ?? SANDBOX_CONNECTOR_ID;
    if (!isHexId(connectorId)) throw new Error(`connectorId must be 24 hex characters, got ${connectorId}`);
    const clock = options.now ?? Date.now;
    const at = new Date(clock()).toISOString();
    this.connectorId = connectorId;
    this.connectorSecret = options.connectorSecret ?? DEFAULT_CONNECTOR_SECRET;
    this.organizationOption = options.organization;
    this.signNotifications = options.signNotifications ?? true;
    this.autoNotify = options.autoNotify ?? false;
    this.channels = new Set(DEFAULT_CHANNELS);
    this.state = new HullState(new SegmentRegistry(options.segments ?? [], at), clock);
    this.knownSegments = [...(options.segments ?? []), ...SAMPLE_SEGMENTS];
    this.connector = new ConnectorState({
      id: connectorId,
      secret: this.connectorSecret,
      privateSettings: options.privateSettings ?? {},
      at,
    });
    this.setNotifyTarget(options.notify?.url, options.notify?.channels);
    const faultRandom = new Prng(options.randomSeed ?? 1);
    this.faults = new FaultInjector(options.failures, () => faultRandom.next());
    this.tracker = new ChangeTracker(this.state.store);
    const sleep = options.sleep;
    this.notifier = new Notifier({
      url: () => this.notifyUrl,
      envelope: (request) =>
        buildEnvelope({
          ...request,
          organization: this.organization,
          connector: this.connector,
          segments: this.state.segments,
        }),
      signatureHeaders: (notificationId) =>
        this.signNotifications
          ? signatureHeaders(notificationId, this.organization, this.publicKeyUrl, Date.now() / 1000)
          : {},
      sleep: (ms, signal) => (sleep === undefined ? abortableSleep(ms, signal) : sleep(ms)),
      now: clock,
      log: this.notificationLog,
      counters: this.state.counters,
      logger: options.logger,
    });
    this.updates = new UpdatePublisher({
      state: this.state,
      connector: this.connector,
      tracker: this.tracker,
      notifier: this.notifier,
      // Notifications only flow while the platform is up: envelopes need the organization address.
      subscribed: (channel) => this.baseUrl !== undefined && this.notifyUrl !== undefined && this.channels.has(channel),
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Listens on loopback (port 0 = any free port) and returns the base URL. */
  async start(port = 0): Promise<string> {
    if (this.app !== undefined) throw new Error('simulator already started');
    // Stopping aborts the notifier for good; a fresh simulator is cheap.
    if (this.stopped) throw new Error('a stopped simulator cannot be restarted');
    const app = buildServer({
      state: this.state,
      connector: this.connector,
      batches: this.firehoseBatches,
      rejected: this.rejectedMessages,
      requestLog: this.requestLog,
      faults: this.faults,
      nowIso: () => this.state.nowIso(),
      afterIngest: (changes) => this.afterChange(changes, false),
      onSettingsChanged: () => this.updates.ship(),
    });
    registerControlRoutes(app, this);
    this.app = app;
    this.baseUrl = await listenOnLoopback(app, port);
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.notifier.stop();
    const app = this.app;
    this.app = undefined;
    this.baseUrl = undefined;
    if (app !== undefined) await app.close();
  }

  get url(): string {
    if (this.baseUrl === undefined) throw new Error('Hull simulator is not started');
    return this.baseUrl;
  }

  get apiUrl(): string {
    return `${this.url}/api/v1`;
  }

  get firehoseUrl(): string {
    return `${this.url}/api/v1/firehose`;
  }

  /** Where connectors fetch the key that verifies notification signatures. */
  get publicKeyUrl(): string {
    return `${this.url}${PUBLIC_KEY_PATH}`;
  }

  /** Where notifications go (null: nowhere yet), on which channels, and whether every change sends one. */
  get notificationTarget(): { url: string | null; channels: string[]; autoNotify: boolean } {
    return { url: this.notifyUrl ?? null, channels: [...this.channels], autoNotify: this.autoNotify };
  }

  get organization(): string {
    return this.organizationOption ?? new URL(this.url).host;
  }

  get counters(): Readonly<HullCounters> {
    return this.state.counters;
  }

  /** The connector's status as last reported by the connector (PUT /<id>/status). */
  get connectorStatus(): { status: string; messages: string[] } {
    return structuredClone<{ status: string; messages: string[] }>(this.connector.status);
  }

  get privateSettings(): Record<string, unknown> {
    return structuredClone(this.connector.privateSettings);
  }

  // ---- state for assertions --------------------------------------------------------------------

  users(): HullUser[] {
    return [...this.state.store.users.values()].map((user) => structuredClone(user));
  }

  accounts(): HullAccount[] {
    return [...this.state.store.accounts.values()].map((account) => structuredClone(account));
  }

  segments(): HullSegment[] {
    return structuredClone(this.state.segments.list());
  }

  segmentByName(name: string): HullSegment | undefined {
    const segment = this.state.segments.findByName(name);
    return segment === undefined ? undefined : structuredClone(segment);
  }

  /** Lookup without side effects, in resolution order. */
  findUser(claims: UserClaims): HullUser | undefined {
    const user = findUser(this.state.store, claims);
    return user === undefined ? undefined : structuredClone(user);
  }

  findAccount(claims: AccountClaims): HullAccount | undefined {
    const account = findAccount(this.state.store, claims);
    return account === undefined ? undefined : structuredClone(account);
  }

  eventsOf(userId: string): HullEvent[] {
    const user = this.state.store.users.get(userId);
    return user === undefined ? [] : structuredClone(this.state.store.eventsOf(user.id));
  }

  /** Every recorded firehose message with its token decoded (not verified), like minihull's harness. */
  firehoseMessages(): DecodedFirehoseMessage[] {
    return decodeRecordedMessages(this.firehoseBatches);
  }

  // ---- driving the platform --------------------------------------------------------------------

  /** As if another source wrote to Hull: resolve or create the user, then apply traits. */
  upsertUser(claims: UserClaims, traits: Record<string, unknown> = {}, options: UpsertOptions = {}): HullUser {
    const parsed = parseUserClaims(claims);
    if (parsed === undefined) throw new Error('upsertUser needs at least one of id, email, external_id, anonymous_id');
    const at = this.state.nowIso();
    const user = resolved(resolveUser(this.state.store, parsed, options.create ?? true, at));
    const problems = applyTraitBody(traits, userTarget(this.state.store, user, at));
    const touched = new Touched();
    touched.user(user);
    this.afterChange(this.state.commit(touched), options.notify === true);
    if (problems.length > 0) throw new Error(problems.join('; '));
    return structuredClone(user);
  }

  upsertAccount(claims: AccountClaims, traits: Record<string, unknown> = {}, options: UpsertOptions = {}): HullAccount {
    const { claims: parsed, refused } = parseAccountClaims(claims);
    if (parsed === undefined) {
      throw new Error(refused ?? 'upsertAccount needs at least one of id, domain, external_id, anonymous_id');
    }
    const at = this.state.nowIso();
    const account = resolved(resolveAccount(this.state.store, parsed, options.create ?? true, at));
    const problems = applyTraitBody(traits, accountTarget(this.state.store, account, at));
    const touched = new Touched();
    touched.account(account);
    this.afterChange(this.state.commit(touched), options.notify === true);
    if (problems.length > 0) throw new Error(problems.join('; '));
    return structuredClone(account);
  }

  linkUserToAccount(userId: string, accountId: string, options: Pick<UpsertOptions, 'notify'> = {}): void {
    const user = this.requireUser(userId);
    const account = this.state.store.accounts.get(accountId);
    if (account === undefined) throw new Error(`no account with id ${accountId}`);
    this.state.store.link(user, account.id);
    user.updated_at = this.state.nowIso();
    this.state.counters.links += 1;
    const touched = new Touched();
    touched.user(user);
    touched.account(account);
    this.afterChange(this.state.commit(touched), options.notify === true);
  }

  trackEvent(userId: string, input: TrackInput, options: Pick<UpsertOptions, 'notify'> = {}): HullEvent {
    const user = this.requireUser(userId);
    const { context, ...fields } = input;
    const body: Record<string, unknown> = { ...context, ...fields };
    const problem = trackBodyProblem(body);
    if (problem !== undefined) throw new Error(problem);
    const event = eventFromTrackBody(body, user.id, null, this.state.nowIso());
    const { created } = this.state.store.upsertEvent(event);
    this.state.counters[created ? 'eventsTracked' : 'eventsDeduplicated'] += 1;
    const touched = new Touched();
    touched.user(user);
    this.afterChange(this.state.commit(touched), options.notify === true);
    return structuredClone(event);
  }

  /** Replaces the connector's private settings, as the dashboard would, and emits ship:update. */
  setPrivateSettings(settings: Record<string, unknown>): void {
    this.connector.replacePrivateSettings(settings, this.state.nowIso());
    this.updates.ship();
  }

  /** Creates or redefines a segment, re-evaluates membership and emits `<type>:update`. */
  upsertSegment(definition: HullSegmentDefinition): HullSegment {
    const segment = this.state.segments.upsert(definition, this.state.nowIso());
    this.state.refreshAllSegments();
    this.updates.segment(segment);
    return structuredClone(segment);
  }

  /** Where notifications go (the engine may start after the simulator), and which channels. */
  setNotifyTarget(url: string | undefined, channels?: readonly string[]): void {
    this.notifyUrl = url;
    if (channels !== undefined) this.channels = new Set(channels);
    this.connector.sourceUrl = url === undefined ? '' : `${new URL(url).origin}/`;
  }

  setAutoNotify(enabled: boolean): void {
    this.autoNotify = enabled;
  }

  setFailures(failures: HullFailureOptions | undefined): void {
    this.faults.set(failures);
  }

  /**
   * Sends user:update for these users with their current state, changes since their last
   * notification, new events and segments entered/left; resolves when delivered or dropped.
   * Users outside the connector's whitelist are skipped (updates.ts).
   */
  async notifyUsers(userIds: string[], options: { isExport?: boolean } = {}): Promise<NotifyResult> {
    this.requireNotifyTarget();
    const { found, missing } = this.lookup(userIds, (id) => this.state.store.users.get(id));
    return this.settle(this.updates.users(found, options), missing);
  }

  async notifyAccounts(accountIds: string[], options: { isExport?: boolean } = {}): Promise<NotifyResult> {
    this.requireNotifyTarget();
    const { found, missing } = this.lookup(accountIds, (id) => this.state.store.accounts.get(id));
    return this.settle(this.updates.accounts(found, options), missing);
  }

  /** Waits until queued notifications are delivered or dropped, honouring flow control. */
  flushNotifications(): Promise<void> {
    return this.notifier.flush();
  }

  /** Adds deterministic sample data (seed.ts); it counts as already notified, so it is not `is_new`. */
  seed(options: SeedOptions = {}): void {
    const seeded = seedSampleData(this.state, options);
    for (const user of seeded.users) this.tracker.markUserNotified(user);
    for (const account of seeded.accounts) this.tracker.markAccountNotified(account);
  }

  /** The organization's data, to be handed to `restore()` later (a sandbox keeps it across restarts). */
  snapshot(): HullSnapshot {
    return structuredClone(
      envelope('hull', SNAPSHOT_FORMAT, {
        store: this.state.store.snapshot(),
        baselines: this.tracker.snapshot(),
        segments: this.state.segments.snapshot(),
        connector: this.connector.snapshot(),
        counters: this.state.counters,
      }),
    );
  }

  /** Replaces the organization's data with a snapshot of the same connector; throws for anything else. */
  restore(snapshot: unknown): void {
    const state = structuredClone(openEnvelope<HullSnapshot['state']>(snapshot, 'hull', SNAPSHOT_FORMAT));
    if (state.connector.id !== this.connectorId) {
      throw new SnapshotError(`the snapshot is of connector ${state.connector.id}, not ${this.connectorId}`);
    }
    // Refuses an unknown predicate before it changes anything.
    this.state.segments.restore(state.segments, this.knownSegments);
    this.connector.restore(state.connector);
    this.state.store.restore(state.store);
    this.tracker.restore(state.baselines);
    Object.assign(this.state.counters, state.counters);
  }

  // ---- internals -------------------------------------------------------------------------------

  private afterChange(changes: CommittedChanges, notify: boolean): void {
    if (!this.autoNotify && !notify) return;
    const options = { onlyChanged: !notify };
    void this.updates.accounts(changes.accounts, options).delivery;
    void this.updates.users(changes.users, options).delivery;
  }

  private requireNotifyTarget(): void {
    if (this.notifyUrl === undefined) {
      throw new Error('no notification target: pass options.notify or call setNotifyTarget');
    }
  }

  private requireUser(userId: string): HullUser {
    const user = this.state.store.users.get(userId);
    if (user === undefined) throw new Error(`no user with id ${userId}`);
    return user;
  }

  private lookup<T extends { id: string }>(
    ids: string[],
    get: (id: string) => T | undefined,
  ): { found: T[]; missing: string[] } {
    const found = new Map<string, T>();
    const missing: string[] = [];
    for (const id of ids) {
      const entity = get(id);
      if (entity === undefined) missing.push(id);
      else found.set(entity.id, entity);
    }
    return { found: [...found.values()], missing };
  }

  private async settle(publication: Publication, missing: string[]): Promise<NotifyResult> {
    const { delivered, dropped } = await publication.delivery;
    return { notified: publication.notified, skipped: publication.skipped, missing, delivered, dropped };
  }
}
