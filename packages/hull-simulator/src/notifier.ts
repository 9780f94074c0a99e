/**
 * Delivering notifications to the connector. One lane per channel, each a FIFO of
 * messages sent one notification at a time, so a connector that asks `user:update` to slow down
 * does not hold back `ship:update`. Flow control:
 * - the next notification carries at most `flow_control.size` messages (default 100);
 * - it is sent no earlier than `flow_control.in` ms after the answer (default 0 on success);
 * - `type: "retry"` or a non-2xx answer puts the same messages back at the head of the lane, sent
 *   again after `in` ms (1000 ms when the answer has no flow control) with `kraken.retries`
 *   counting earlier attempts; after 5 attempts a message is dropped and the drop logged.
 * Every POST gets a fresh `notification_id` (its signature's `jti`), retries included.
 */
import { randomUUID } from 'node:crypto';
import type { SimulatorLogger } from './options';
import type { HullCounters, NotificationLogEntry, NotificationOutcome } from './types';

export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_RETRY_DELAY_MS = 1000;
export const MAX_DELIVERY_ATTEMPTS = 5;
/** The framework answers within 25 s; give it a little more before calling it a failure. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface EnvelopeRequest {
  notificationId: string;
  channel: string;
  messages: unknown[];
  isExport: boolean;
  retries: number;
}

export interface NotifierDeps {
  /** Current target; read at send time so it can be set after construction. */
  url(): string | undefined;
  envelope(request: EnvelopeRequest): Record<string, unknown>;
  /** Extra headers for one notification (the platform's signature), or none. */
  signatureHeaders(notificationId: string): Record<string, string>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
  log: NotificationLogEntry[];
  counters: HullCounters;
  logger?: SimulatorLogger;
}

export interface DeliverySummary {
  delivered: number;
  dropped: number;
}

interface Pending {
  message: unknown;
  isExport: boolean;
  /** Failed attempts so far. */
  failures: number;
  settle(delivered: boolean): void;
}

interface Lane {
  queue: Pending[];
  size: number;
  readyAt: number;
  running?: Promise<void>;
}

interface FlowControl {
  type?: unknown;
  size?: unknown;
  in?: unknown;
}

function flowControlOf(body: unknown): FlowControl | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const flowControl = (body as { flow_control?: unknown }).flow_control;
  return flowControl !== null && typeof flowControl === 'object' ? flowControl : undefined;
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Sleeps unless the notifier is stopped first. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      // Long-lived signal: leave no listener behind per sleep.
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class Notifier {
  private readonly lanes = new Map<string, Lane>();
  private readonly stopping = new AbortController();

  constructor(private readonly deps: NotifierDeps) {}

  /** Queues messages; resolves once every one of them was delivered or dropped. */
  enqueue(channel: string, messages: unknown[], isExport: boolean): Promise<DeliverySummary> {
    if (messages.length === 0) return Promise.resolve({ delivered: 0, dropped: 0 });
    const lane = this.lane(channel);
    const settled = messages.map(
      (message) =>
        new Promise<boolean>((settle) => {
          lane.queue.push({ message, isExport, failures: 0, settle });
        }),
    );
    this.ensurePump(channel, lane);
    return Promise.all(settled).then((outcomes) => ({
      delivered: outcomes.filter(Boolean).length,
      dropped: outcomes.filter((delivered) => !delivered).length,
    }));
  }

  /** Resolves when every lane is idle, waiting out flow-control delays and retries. */
  async flush(): Promise<void> {
    for (;;) {
      const running = [...this.lanes.values()].map((lane) => lane.running).filter((run) => run !== undefined);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  /** Aborts in-flight requests and delays; queued messages count as dropped. */
  stop(): void {
    this.stopping.abort();
    for (const lane of this.lanes.values()) {
      for (const pending of lane.queue.splice(0)) pending.settle(false);
    }
  }

  private lane(channel: string): Lane {
    let lane = this.lanes.get(channel);
    if (lane === undefined) {
      lane = { queue: [], size: DEFAULT_BATCH_SIZE, readyAt: 0 };
      this.lanes.set(channel, lane);
    }
    return lane;
  }

  private ensurePump(channel: string, lane: Lane): void {
    if (lane.running !== undefined || this.stopping.signal.aborted) return;
    lane.running = this.pump(channel, lane).finally(() => {
      lane.running = undefined;
      // Messages queued while the loop was finishing would otherwise wait for the next enqueue.
      if (lane.queue.length > 0) this.ensurePump(channel, lane);
    });
  }

  private async pump(channel: string, lane: Lane): Promise<void> {
    const { signal } = this.stopping;
    while (lane.queue.length > 0 && !signal.aborted) {
      const wait = lane.readyAt - this.deps.now();
      if (wait > 0) await this.deps.sleep(wait, signal);
      if (signal.aborted) return;
      await this.deliverNext(channel, lane);
    }
  }

  private takeBatch(lane: Lane): Pending[] {
    const isExport = lane.queue[0]?.isExport;
    const batch: Pending[] = [];
    while (batch.length < lane.size && lane.queue[0] !== undefined && lane.queue[0].isExport === isExport) {
      batch.push(lane.queue.shift() as Pending);
    }
    return batch;
  }

  private async deliverNext(channel: string, lane: Lane): Promise<void> {
    const batch = this.takeBatch(lane);
    const retries = Math.max(...batch.map((pending) => pending.failures));
    const notificationId = randomUUID();
    const { status, body } = await this.post({
      notificationId,
      channel,
      messages: batch.map((pending) => pending.message),
      isExport: batch[0]?.isExport ?? false,
      retries,
    });
    const flowControl = flowControlOf(body);
    const accepted = status >= 200 && status < 300 && flowControl?.type !== 'retry';
    const outcome = accepted ? this.acknowledge(batch) : this.requeue(lane, batch);
    this.deps.log.push({
      channel,
      notificationId,
      status,
      response: body,
      attempt: retries + 1,
      messageCount: batch.length,
      isExport: batch[0]?.isExport ?? false,
      outcome,
      at: new Date(this.deps.now()).toISOString(),
    });
    const size = nonNegative(flowControl?.size);
    lane.size = size !== undefined && size >= 1 ? Math.floor(size) : DEFAULT_BATCH_SIZE;
    lane.readyAt = this.deps.now() + (nonNegative(flowControl?.in) ?? (accepted ? 0 : DEFAULT_RETRY_DELAY_MS));
  }

  private acknowledge(batch: Pending[]): NotificationOutcome {
    for (const pending of batch) pending.settle(true);
    this.deps.counters.notificationMessagesDelivered += batch.length;
    return 'delivered';
  }

  private requeue(lane: Lane, batch: Pending[]): NotificationOutcome {
    const again: Pending[] = [];
    for (const pending of batch) {
      pending.failures += 1;
      if (pending.failures < MAX_DELIVERY_ATTEMPTS) {
        again.push(pending);
        continue;
      }
      pending.settle(false);
      this.deps.counters.notificationMessagesDropped += 1;
    }
    lane.queue.unshift(...again);
    this.deps.counters.notificationRetries += again.length > 0 ? 1 : 0;
    if (again.length < batch.length) {
      this.deps.logger?.warn({ dropped: batch.length - again.length }, 'hull simulator dropped notification messages');
    }
    return again.length > 0 ? 'retry' : 'dropped';
  }

  private async post(request: EnvelopeRequest): Promise<{ status: number; body: unknown }> {
    const url = this.deps.url();
    if (url === undefined) return { status: 0, body: 'no notification url configured' };
    this.deps.counters.notificationsSent += 1;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-Hull-Smart-Notifier': 'true',
          ...this.deps.signatureHeaders(request.notificationId),
        },
        body: JSON.stringify(this.deps.envelope(request)),
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      return { status: response.status, body: await readBody(response) };
    } catch (error) {
      return { status: 0, body: error instanceof Error ? error.message : String(error) };
    }
  }
}
