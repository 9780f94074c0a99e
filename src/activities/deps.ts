import type { SettingsProvider } from '../config/settings-provider';
import type { HullClient } from '../hull/client';
import type { IntercomClient } from '../intercom/client';

/** What activities close over. Credentials live inside the clients, never in activity arguments. */
export interface ActivityDeps {
  intercom: IntercomClient;
  hull: HullClient;
  settings: SettingsProvider;
}
