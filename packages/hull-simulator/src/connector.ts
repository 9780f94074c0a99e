/**
 * The one installed connector: its document as REST and notifications carry it, its settings
 * and health status, and the manifest `conditions` that decide which entities it is notified
 * about (channel → private_settings paths holding segment-id whitelists).
 */

export interface ConnectorStatus {
  status: string;
  messages: string[];
}

/** Channel → private setting keys whose segment ids whitelist the entities notified on it. */
export const SEGMENT_CONDITIONS: Readonly<Record<string, readonly string[]>> = {
  'user:update': ['synchronized_user_segments', 'synchronized_lead_segments'],
  'account:update': ['synchronized_account_segments'],
};

const MANIFEST = {
  name: 'Intercom (sandbox)',
  version: '0.1.0',
  tags: ['smart-notifier', 'kraken', 'kraken-exports'],
  subscriptions: [
    {
      url: '/smart-notifier',
      channels: ['user:update', 'account:update', 'ship:update', 'users_segment:update', 'accounts_segment:update'].map(
        (channel) => ({ channel }),
      ),
      conditions: {
        segments: Object.fromEntries(
          Object.entries(SEGMENT_CONDITIONS).map(([channel, keys]) => [
            channel,
            keys.map((key) => `private_settings.${key}`),
          ]),
        ),
      },
    },
  ],
};

export interface ConnectorInit {
  id: string;
  secret: string;
  privateSettings: Record<string, unknown>;
  at: string;
}

/** The connector's settings and status, as plain JSON. */
export interface ConnectorSnapshot {
  id: string;
  privateSettings: Record<string, unknown>;
  status: ConnectorStatus;
  createdAt: string;
  updatedAt: string;
}

export class ConnectorState {
  readonly id: string;
  readonly secret: string;
  privateSettings: Record<string, unknown>;
  status: ConnectorStatus = { status: 'ok', messages: [] };
  /** Where the connector lives (the notification target's origin); shown as `source_url`. */
  sourceUrl = '';
  private createdAt: string;
  private updatedAt: string;

  constructor(init: ConnectorInit) {
    this.id = init.id;
    this.secret = init.secret;
    this.privateSettings = { ...init.privateSettings };
    this.createdAt = init.at;
    this.updatedAt = init.at;
  }

  snapshot(): ConnectorSnapshot {
    return {
      id: this.id,
      privateSettings: this.privateSettings,
      status: this.status,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    };
  }

  restore(snapshot: ConnectorSnapshot): void {
    this.privateSettings = snapshot.privateSettings;
    this.status = snapshot.status;
    this.createdAt = snapshot.createdAt;
    this.updatedAt = snapshot.updatedAt;
  }

  /** The full connector object. The secret is left out: it travels in `configuration`. */
  document(): Record<string, unknown> {
    return {
      id: this.id,
      name: MANIFEST.name,
      manifest: MANIFEST,
      settings: {},
      private_settings: structuredClone(this.privateSettings),
      status: structuredClone(this.status),
      source_url: this.sourceUrl,
      manifest_url: this.sourceUrl === '' ? '' : `${this.sourceUrl}manifest.json`,
      index: this.sourceUrl,
      tags: MANIFEST.tags,
      picture: null,
      homepage_url: null,
      accept_incoming_webhooks: true,
      created_at: this.createdAt,
      updated_at: this.updatedAt,
    };
  }

  /** The PUT body carries the full merged map, so the stored map is replaced, not merged. */
  replacePrivateSettings(settings: Record<string, unknown>, at: string): void {
    this.privateSettings = structuredClone(settings);
    this.updatedAt = at;
  }

  setStatus(status: ConnectorStatus, at: string): void {
    this.status = status;
    this.updatedAt = at;
  }

  /** Segment ids whitelisted for a channel, or undefined when the channel has no condition. */
  segmentWhitelist(channel: string): Set<string> | undefined {
    const keys = SEGMENT_CONDITIONS[channel];
    if (keys === undefined) return undefined;
    const ids = keys.flatMap((key) => {
      const value = this.privateSettings[key];
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    });
    return new Set(ids);
  }
}
