/**
 * The connector settings in effect right now. Source of truth is the connector's private_settings
 * in Hull: read with GET /api/v1/app (cached briefly) and refreshed from the copy every notification
 * carries, so an edit in Hull's dashboard applies without a restart. A settings file, when given,
 * takes precedence key by key. An invalid edit is rejected with readable problems and the last
 * valid settings stay in effect.
 */
import {
  connectorSettingsSchema,
  SECRET_SETTING_KEYS,
  WATERMARK_SETTING_KEYS,
  type ConnectorSettings,
  type ConnectorSettingsInput,
} from './connector-settings';
import { ConfigError, describeIssues } from './issues';
import { unknownSettingKeys, unknownSettingWarning } from './warnings';

export interface SettingsSource {
  /** Fetches the connector's private_settings (from Hull). */
  fetch(): Promise<Record<string, unknown>>;
}

export interface SettingsProviderOptions {
  source: SettingsSource;
  overrides?: ConnectorSettingsInput;
  /** How long a fetched copy is trusted before asking Hull again. */
  ttlMs?: number;
  now?: () => number;
  onRejected?: (problems: string[]) => void;
  /** Hull could not be asked; the last valid settings stay in effect. */
  onUnavailable?: (error: unknown) => void;
  /** Hull's copy has settings the engine does not know: one line each, once per key for the process. */
  onUnknownSettings?: (lines: string[]) => void;
}

export class SettingsProvider {
  #settings: ConnectorSettings | undefined;
  readonly #listeners: Array<(settings: ConnectorSettings) => void> = [];
  #fetchedAt = 0;
  #refreshing: Promise<ConnectorSettings> | undefined;
  readonly #options: SettingsProviderOptions;
  readonly #unknownKeysSeen = new Set<string>();

  constructor(options: SettingsProviderOptions) {
    this.#options = options;
  }

  /** Validates raw private_settings merged with the overrides; throws ConfigError with one line per problem. */
  validate(privateSettings: Record<string, unknown>): ConnectorSettings {
    const merged = { ...privateSettings, ...(this.#options.overrides ?? {}) };
    const parsed = connectorSettingsSchema.safeParse(merged);
    if (!parsed.success) {
      throw new ConfigError(
        describeIssues(parsed.error.issues, merged, { prefix: 'private_settings.', secretKeys: SECRET_SETTING_KEYS }),
      );
    }
    return parsed.data;
  }

  /** Called with the new settings whenever a valid copy replaces a different one. */
  onChange(listener: (settings: ConnectorSettings) => void): void {
    this.#listeners.push(listener);
  }

  /** Applies a copy of private_settings (e.g. from a notification); returns false if it was rejected. */
  apply(privateSettings: Record<string, unknown>): boolean {
    this.#warnOfUnknownKeys(privateSettings);
    try {
      const next = this.validate(privateSettings);
      const changed = this.#settings !== undefined && comparable(next) !== comparable(this.#settings);
      this.#settings = next;
      this.#fetchedAt = this.#now();
      if (changed) for (const listener of this.#listeners) listener(next);
      return true;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // Keep serving the last valid copy; do not ask Hull again before the TTL for the same bad edit.
      this.#fetchedAt = this.#now();
      this.#options.onRejected?.(error.problems);
      return false;
    }
  }

  /** Loads the settings once, failing loudly if they are invalid (startup). */
  async load(): Promise<ConnectorSettings> {
    const privateSettings = await this.#options.source.fetch();
    this.#warnOfUnknownKeys(privateSettings);
    this.#settings = this.validate(privateSettings);
    this.#fetchedAt = this.#now();
    return this.#settings;
  }

  /** Current settings, refreshed from Hull when the cached copy is older than the TTL. */
  async current(): Promise<ConnectorSettings> {
    const fresh = this.#settings !== undefined && this.#now() - this.#fetchedAt < (this.#options.ttlMs ?? 15_000);
    if (fresh) return this.#settings!;
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<ConnectorSettings> {
    let raw: Record<string, unknown>;
    try {
      raw = await this.#options.source.fetch();
    } catch (error) {
      // Hull unreachable: keep serving the last valid copy (webhooks must still answer in time) and
      // ask again soon, instead of failing every caller until Hull is back.
      if (this.#settings === undefined) throw error;
      this.#fetchedAt = this.#now() - (this.#options.ttlMs ?? 15_000) / 2;
      this.#options.onUnavailable?.(error);
      return this.#settings;
    }
    // Never loaded and refused: throw the refusal's ConfigError (apply kept it to the log).
    if (!this.apply(raw) && this.#settings === undefined) return this.validate(raw);
    return this.#settings!;
  }

  /** Every notification carries the settings: each unknown key is reported the first time only. */
  #warnOfUnknownKeys(privateSettings: Record<string, unknown>): void {
    const fresh = unknownSettingKeys(privateSettings).filter((key) => !this.#unknownKeysSeen.has(key));
    if (fresh.length === 0) return;
    for (const key of fresh) this.#unknownKeysSeen.add(key);
    this.#options.onUnknownSettings?.(
      fresh.map((key) => unknownSettingWarning(key, "the connector's private_settings")),
    );
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

/**
 * The settings as compared for change listeners: without the fetch watermarks, which the engine itself
 * writes after every incremental run and which are no reason to re-apply schedules.
 */
function comparable(settings: ConnectorSettings): string {
  return JSON.stringify(settings, (key, value: unknown) => (WATERMARK_SETTING_KEYS.has(key) ? undefined : value));
}
