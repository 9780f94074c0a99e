/** Construction options of the Hull simulator. */
import type { HullFailureOptions } from './faults';
import type { HullSegmentDefinition } from './types';

export const DEFAULT_CONNECTOR_SECRET = 'sandbox-hull-secret';

/** Channels the sandbox connector subscribes to by default. */
export const DEFAULT_CHANNELS = [
  'user:update',
  'account:update',
  'ship:update',
  'users_segment:update',
  'accounts_segment:update',
] as const;

/** Where the simulator reports what it drops (a pino logger fits). */
export interface SimulatorLogger {
  warn(details: object, message: string): void;
}

export interface HullNotifyTarget {
  /** Where the platform POSTs notifications (the engine's notification route). */
  url: string;
  channels?: string[];
}

export interface HullSimulatorOptions {
  /** Org host written in `configuration.organization`; default `127.0.0.1:<port>` once started. */
  organization?: string;
  /** 24 hex characters; default SANDBOX_CONNECTOR_ID. */
  connectorId?: string;
  connectorSecret?: string;
  privateSettings?: Record<string, unknown>;
  segments?: HullSegmentDefinition[];
  notify?: HullNotifyTarget;
  /**
   * When true every ingested change produces a user:update / account:update, including changes the
   * connector itself made — real Hull does that, it is how echo loops happen. Entities with nothing
   * new since their last notification are not notified.
   */
  autoNotify?: boolean;
  /** Signs notifications with RS256 signature headers (default true); false sends only `X-Hull-Smart-Notifier`. */
  signNotifications?: boolean;
  /** Fault injection for the firehose and REST routes. */
  failures?: HullFailureOptions;
  /** Seed of the PRNG behind fault error rates. */
  randomSeed?: number;
  /**
   * Clock (epoch ms) for data timestamps and flow-control delays. Token and signature expiry use
   * the real clock, because the other side checks them against its real clock.
   */
  now?: () => number;
  /** How flow-control delays are waited out; inject a recorder to test `in` without waiting. */
  sleep?: (ms: number) => Promise<void>;
  logger?: SimulatorLogger;
}
