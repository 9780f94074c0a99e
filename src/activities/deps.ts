import type { ActivationSources } from '../activations/sources';
import type { ActivationStore } from '../activations/store';
import type { SettingsProvider } from '../config/settings-provider';
import type { HullClient } from '../hull/client';
import type { IntercomClient } from '../intercom/client';
import type { IntercomLookups } from '../intercom/lookups';
import type { OutgoingGate } from './outgoing/outgoing-gate';
import type { IntercomConnections } from '../activations/intercom-connection';
import type { IntercomOAuthConfig } from '../config/load';
import type { Secret } from '../config/secret';
import type { IntercomMe } from '../intercom/schemas';
import type { HullIntakeInput } from '../shared/inputs';

/** What activities close over. Credentials live inside the clients, never in activity arguments. */
export interface ActivityDeps {
  intercom: IntercomClient;
  lookups: IntercomLookups;
  hull: HullClient;
  settings: SettingsProvider;
  /** How long outgoing sync pauses after Intercom refused the credentials. */
  authPauseMs?: number;
  /**
   * The longest Intercom's contact search is assumed to trail a create: a lead create whose answer was
   * lost is not repeated before its marker shows in search or this long has passed (default 10 min).
   */
  searchIndexLagMs?: number;
  /** The process's outgoing gate, when the caller keeps it (the status reports read it); else one is made. */
  gate?: OutgoingGate;
  /** The OAuth connection (INTERCOM_CLIENT_ID and the engine's database). */
  oauth?: {
    config: IntercomOAuthConfig;
    clientSecret: Secret;
    connections: IntercomConnections;
    store: ActivationStore;
    /** The API host: INTERCOM_API_URL (`configured`) or the default. */
    apiUrl: string;
    apiUrlConfigured: boolean;
    /** GET /me with a token on a host (a client of its own, on the shared rate governor). */
    me(token: string, apiUrl: string, signal: AbortSignal): Promise<IntercomMe>;
  };
  /** The activations' database and sources (undefined without ACTIVATIONS_DATABASE_URL). */
  activations?: { store: ActivationStore; sources: ActivationSources };
  /**
   * Signals a large notification's part to its entity workflows (src/temporal/hull-hand-over.ts, wired
   * by the engine: activities do not reach Temporal's client themselves); `onDone` after each batch.
   */
  handOverHull?: (input: HullIntakeInput, onDone: (handedOver: number) => void) => Promise<number>;
}
