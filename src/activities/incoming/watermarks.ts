import { FETCH_SETTINGS, type ConnectorSettings } from '../../config/connector-settings';
import { mapsIncomingField } from '../../sync/incoming/contact-to-hull';
import { roleOf, type FetchEntity } from '../../shared/fetch';
import type { ActivityDeps } from '../deps';

export interface IncrementalPlan {
  /** Why the run does nothing, when it does nothing. */
  disabledBecause?: string;
  watermark: number;
  /** Search passes: `updated_at`, plus `last_seen_at` when it is mapped (its changes do not move updated_at). */
  fields: Array<'updated_at' | 'last_seen_at'>;
}

const FIRST_RUN_LOOKBACK_SECONDS = 86_400;

function mapsLastSeen(settings: ConnectorSettings, entity: FetchEntity): boolean {
  return entity !== 'companies' && mapsIncomingField(settings, roleOf(entity), 'last_seen_at');
}

/** Watermarks live in Hull's copy of the settings: a settings file never overrides them. */
export function createWatermarkActivities({ hull, settings: settingsProvider }: ActivityDeps) {
  return {
    async planIncrementalFetch(entity: FetchEntity, nowSeconds: number): Promise<IncrementalPlan> {
      // One read of Hull's connector serves both: the fresh watermark, and the settings (applied, so
      // the provider does not read the connector again for them).
      const privateSettings = (await hull.getConnector()).private_settings ?? {};
      settingsProvider.apply(privateSettings);
      const settings = await settingsProvider.current();
      const stored = Number(privateSettings[FETCH_SETTINGS[entity].watermark]);
      // No mark yet: start one day back, so the first scheduled run already brings recent changes.
      const watermark = Number.isFinite(stored) && stored > 0 ? stored : nowSeconds - FIRST_RUN_LOOKBACK_SECONDS;
      const enabled = settings[FETCH_SETTINGS[entity].enabled];
      return {
        disabledBecause: enabled ? undefined : `${FETCH_SETTINGS[entity].enabled} is off in the connector settings`,
        watermark,
        fields: mapsLastSeen(settings, entity) ? ['updated_at', 'last_seen_at'] : ['updated_at'],
      };
    },

    /** Called only after every page of the run was written to Hull. */
    async saveWatermark(entity: FetchEntity, watermark: number): Promise<void> {
      await hull.updatePrivateSettings({ [FETCH_SETTINGS[entity].watermark]: watermark });
    },
  };
}
