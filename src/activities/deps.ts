import type { ActivationSources } from '../activations/sources';
import type { ActivationStore } from '../activations/store';
import type { SettingsProvider } from '../config/settings-provider';
import type { HullClient } from '../hull/client';
import type { IntercomClient } from '../intercom/client';
import type { IntercomLookups } from '../intercom/lookups';
import type { OutgoingGate } from './outgoing/outgoing-gate';

/** What activities close over. Credentials live inside the clients, never in activity arguments. */
export interface ActivityDeps {
  intercom: IntercomClient;
  lookups: IntercomLookups;
  hull: HullClient;
  settings: SettingsProvider;
  /** How long outgoing sync pauses after Intercom refused the credentials. */
  authPauseMs?: number;
  /** The process's outgoing gate, when the caller keeps it (the status reports read it); else one is made. */
  gate?: OutgoingGate;
  /** The activations' database and sources (undefined without ACTIVATIONS_DATABASE_URL). */
  activations?: { store: ActivationStore; sources: ActivationSources };
}
