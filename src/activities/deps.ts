import type { ActivationSources } from '../activations/sources';
import type { ActivationStore } from '../activations/store';
import type { SettingsProvider } from '../config/settings-provider';
import type { HullClient } from '../hull/client';
import type { IntercomClient } from '../intercom/client';
import type { IntercomLookups } from '../intercom/lookups';
import type { HullIntakeInput } from '../shared/inputs';

/** What activities close over. Credentials live inside the clients, never in activity arguments. */
export interface ActivityDeps {
  intercom: IntercomClient;
  lookups: IntercomLookups;
  hull: HullClient;
  settings: SettingsProvider;
  /** How long outgoing sync pauses after Intercom refused the credentials. */
  authPauseMs?: number;
  /** The activations' database and sources (undefined without ACTIVATIONS_DATABASE_URL). */
  activations?: { store: ActivationStore; sources: ActivationSources };
  /**
   * Signals a large notification's part to its entity workflows (src/temporal/hull-hand-over.ts, wired
   * by the engine: activities do not reach Temporal's client themselves); `onDone` after each batch.
   */
  handOverHull?: (input: HullIntakeInput, onDone: (handedOver: number) => void) => Promise<number>;
}
