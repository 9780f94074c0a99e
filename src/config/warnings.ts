/**
 * Mistakes that would otherwise pass in silence: a setting or variable the engine does not know
 * (`fetch_userz`, `INTERCOM_API_ULR`) is ignored, and sandbox mode ignores variables that point the
 * engine elsewhere. Each becomes one warning line, with the known name closest to a misspelt one.
 * Warnings never stop the engine: unknown names may be meant for other tools.
 */
import { connectorSettingsSchema, WATERMARK_SETTING_KEYS } from './connector-settings';
import { envSchema } from './env';

/**
 * Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and
 * swaps of neighbours each count one, so `fetch_userz`, `fetch_usres` and `fetch_user` are all one
 * edit from `fetch_users`.
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = rows[i]!;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
      }
    }
  }
  return rows[a.length]![b.length]!;
}

/** The known name a misspelling most likely meant: the closest within a quarter of its length (at least 2 edits). */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 4));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

const suggestion = (name: string, known: Iterable<string>): string => {
  const closest = closestName(name, known);
  return closest === undefined ? '' : `: did you mean ${closest}?`;
};

/** Keys Hull keeps in private_settings that are not settings: the connector's bookkeeping. */
const HULL_BOOKKEEPING_KEYS = [
  ...WATERMARK_SETTING_KEYS,
  // Hull's connector stores the Intercom webhook subscription id, and its OAuth button's state.
  'webhook_id',
  'oauth',
];

export const KNOWN_SETTING_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(connectorSettingsSchema.shape),
  ...HULL_BOOKKEEPING_KEYS,
]);

/** The keys of a settings object the engine does not know, e.g. `['fetch_userz']`. */
export const unknownSettingKeys = (settings: Record<string, unknown>): string[] =>
  Object.keys(settings).filter((key) => !KNOWN_SETTING_KEYS.has(key));

/** `unknown setting fetch_userz in SETTINGS_FILE (ignored): did you mean fetch_users?` */
export const unknownSettingWarning = (key: string, where: string): string =>
  `unknown setting ${key} in ${where} (ignored)${suggestion(key, Object.keys(connectorSettingsSchema.shape))}`;

/**
 * Temporal's standard variables, as `@temporalio/envconfig` reads them (test/unit/config/warnings.test.ts
 * checks this list against the package), besides those the engine validates itself (env.ts).
 */
export const TEMPORAL_ENVCONFIG_VARIABLES = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_CERT_DATA',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
  'TEMPORAL_CODEC_ENDPOINT',
  'TEMPORAL_CODEC_AUTH',
  'TEMPORAL_CONFIG_FILE',
  'TEMPORAL_PROFILE',
];
const TEMPORAL_GRPC_META_PREFIX = 'TEMPORAL_GRPC_META_';

/** Read outside env.ts: the process role (main.ts) and the test-server override of provisioning. */
const OTHER_ENGINE_VARIABLES = ['ROLE', 'TEMPORAL_PROVISIONING'];

export const KNOWN_VARIABLES: ReadonlySet<string> = new Set([
  ...Object.keys(envSchema.shape),
  ...TEMPORAL_ENVCONFIG_VARIABLES,
  ...OTHER_ENGINE_VARIABLES,
]);

/** Every variable with these prefixes is meant for the engine (or Temporal), so an unknown one is a mistake. */
const ENGINE_PREFIXES = ['INTERCOM_', 'HULL_', 'TEMPORAL_'];

/**
 * The engine's names without a prefix that are long enough for a near miss to be a typo rather than
 * another program's variable (`HOST` is two edits from `HOME`, which every shell sets).
 */
const TYPO_PRONE_NAMES = [...KNOWN_VARIABLES].filter(
  (name) => name.length >= 7 && !ENGINE_PREFIXES.some((p) => name.startsWith(p)),
);

function unknownVariableWarning(name: string): string | undefined {
  if (KNOWN_VARIABLES.has(name) || name.startsWith(TEMPORAL_GRPC_META_PREFIX)) return undefined;
  if (ENGINE_PREFIXES.some((prefix) => name.startsWith(prefix))) {
    return `unknown variable ${name} (ignored)${suggestion(name, KNOWN_VARIABLES)}`;
  }
  const meant = TYPO_PRONE_NAMES.find((known) => editDistance(name, known) <= 2);
  return meant === undefined ? undefined : `unknown variable ${name} (ignored): did you mean ${meant}?`;
}

/**
 * Variables sandbox mode replaces with the simulators' own (runtime/application.ts points the engine's
 * Intercom connection at the Intercom simulator, sandbox.ts its Hull connection at the Hull simulator).
 */
export const SANDBOX_OVERRIDDEN_VARIABLES = [
  'INTERCOM_API_URL',
  'INTERCOM_CLIENT_SECRET',
  'HULL_API_URL',
  'HULL_FIREHOSE_URL',
] as const;

/** One line per unknown variable, and in sandbox mode one naming the variables it ignores. */
export function environmentWarnings(environment: NodeJS.ProcessEnv, mode: 'sandbox' | 'live'): string[] {
  const isSet = (name: string) => (environment[name] ?? '') !== '';
  const lines = Object.keys(environment)
    .filter(isSet)
    .sort()
    .flatMap((name) => unknownVariableWarning(name) ?? []);
  const ignored = SANDBOX_OVERRIDDEN_VARIABLES.filter(isSet);
  if (mode === 'sandbox' && ignored.length > 0) {
    lines.push(
      `sandbox mode ignores ${ignored.join(', ')}: the engine talks to its own Intercom and Hull simulators ` +
        '(set HULL_ORGANIZATION, HULL_CONNECTOR_ID, HULL_CONNECTOR_SECRET and INTERCOM_ACCESS_TOKEN to run live)',
    );
  }
  return lines;
}
