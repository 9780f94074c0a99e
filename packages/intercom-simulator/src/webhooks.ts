/**
 * Outgoing webhook notifications, as Intercom 2.x sends them: a `notification_event` envelope whose
 * `data.item` is the changed object, POSTed as JSON with `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw
 * body keyed with the app's client_secret>` and Intercom's user agent. With `autoWebhooks`, store changes
 * are delivered for the subscribed topics only, in the background; `flush()` waits for them.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { ChangeNotifier } from './context';

export const WEBHOOK_USER_AGENT = 'intercom-parrot-service-client/1.0';

export interface NotificationEvent {
  type: 'notification_event';
  app_id: string;
  data: { type: 'notification_event_data'; item: unknown };
  links: Record<string, never>;
  id: string;
  topic: string;
  delivery_status: string;
  delivery_attempts: number;
  delivered_at: number;
  first_sent_at: number;
  created_at: number;
  self: null;
}

export interface WebhookDelivery {
  id: string;
  topic: string;
  /** HTTP status of the receiver; 0 when the request failed without one. */
  status: number;
  error?: string;
  /** The exact bytes that were sent and signed. */
  rawBody: string;
}

/** `sha1=<hex>` over the exact body bytes — what receivers must recompute before parsing JSON. */
export function signWebhookBody(rawBody: string | Buffer, clientSecret: string): string {
  return `sha1=${createHmac('sha1', clientSecret).update(rawBody).digest('hex')}`;
}

export function buildNotification(appId: string, topic: string, item: unknown, nowSeconds: number): NotificationEvent {
  return {
    type: 'notification_event',
    app_id: appId,
    data: { type: 'notification_event_data', item },
    links: {},
    id: `notif_${randomUUID()}`,
    topic,
    delivery_status: 'pending',
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: nowSeconds,
    created_at: nowSeconds,
    self: null,
  };
}

export interface WebhookEmitterOptions {
  appId: string;
  clientSecret: string;
  webhook: { url: string; topics: string[] } | undefined;
  autoWebhooks: boolean;
  nowSeconds: () => number;
}

export class WebhookEmitter implements ChangeNotifier {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: WebhookEmitterOptions) {}

  /** Points deliveries somewhere else (the sandbox learns the engine's URL only after the engine starts). */
  configure(webhook: { url: string; topics: string[] } | undefined, autoWebhooks: boolean): void {
    this.options.webhook = webhook;
    this.options.autoWebhooks = autoWebhooks;
  }

  /** Where notifications go and which topics the app is subscribed to; undefined when nowhere. */
  get target(): { url: string; topics: string[] } | undefined {
    return this.options.webhook;
  }

  /** Sends one signed notification now, whatever the subscription; rejects if the request fails. */
  async emit(topic: string, item: unknown): Promise<{ status: number }> {
    const webhook = this.options.webhook;
    if (!webhook) throw new Error('IntercomSimulator: no webhook url configured (options.webhook)');
    const notification = buildNotification(this.options.appId, topic, item, this.options.nowSeconds());
    const rawBody = JSON.stringify(notification);
    const delivery: WebhookDelivery = { id: notification.id, topic, status: 0, rawBody };
    this.deliveries.push(delivery);
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': WEBHOOK_USER_AGENT,
          'X-Hub-Signature': signWebhookBody(rawBody, this.options.clientSecret),
        },
        body: rawBody,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      delivery.status = response.status;
      return { status: response.status };
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  notify(topic: string, buildItem: () => unknown): void {
    const webhook = this.options.webhook;
    if (!this.options.autoWebhooks || !webhook?.topics.includes(topic)) return;
    const delivery = this.emit(topic, buildItem()).catch(() => undefined);
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  /** Resolves once every background delivery started so far has completed. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
