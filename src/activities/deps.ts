import type { ActivationSources } from '../activations/sources';
import type { ActivationStore } from '../activations/store';
import type { SettingsProvider } from '../config/settings-provider';
import type { HullClient } from '../hull/client';
import type { IntercomClient } from '../intercom/client';
import type { IntercomLookups } from '../intercom/lookups';

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
  /** The activations' database and sources (undefined without ACTIVATIONS_DATABASE_URL). */
  activations?: { store: ActivationStore; sources: ActivationSources };
}
