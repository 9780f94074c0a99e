/**
 * Loads and validates the whole configuration before anything starts: the environment, plus the
 * optional settings file (SETTINGS_FILE, JSON). Every problem becomes one readable line; a bad
 * configuration never half-starts the engine.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectorSettingsSchema, SECRET_SETTING_KEYS, type ConnectorSettingsInput } from './connector-settings';
import { envSchema, SECRET_ENV_KEYS, type Env } from './env';
import { ConfigError, describeIssues } from './issues';
import { Secret } from './secret';
import { readTemporalProfile, type TemporalCredentials } from './temporal-profile';
import { environmentWarnings, unknownSettingKeys, unknownSettingWarning } from './warnings';

export type Mode = 'sandbox' | 'live';

export interface HullConnection {
  organization: string;
  connectorId: string;
  connectorSecret: Secret;
  apiUrl: string;
  firehoseUrl: string;
}

export interface IntercomOAuthConfig {
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** The callback URL registered in the Developer Hub; unset: this API's own, from the request's host. */
  redirectUrl?: string;
  /** Encrypts the token at rest. */
  encryptionKey: Secret;
}

export interface TemporalConfig {
  /** An existing cluster (TEMPORAL_ADDRESS or a Temporal profile); when absent the engine provisions a local dev server. */
  address?: string;
  /** Which setting named the cluster, for the startup log. */
  addressSource?: string;
  namespace: string;
  taskQueue: string;
  /** TLS, API key and gRPC metadata for the configured cluster (a provisioned dev server uses none). */
  credentials: TemporalCredentials;
  devServer: { grpcPort: number; uiPort: number; dataDir: string; cliPath?: string };
  /** The Web UI's address (TEMPORAL_UI_URL), for the operator page's links; a provisioned dev server's otherwise. */
  uiUrl?: string;
}

export interface AppConfig {
  mode: Mode;
  intercom: {
    apiUrl: string;
    apiVersion: string;
    accessToken?: Secret;
    clientSecret?: Secret;
    rateLimitPerMinute: number;
    /** How long outgoing sync waits after Intercom refused the token before trying it again. */
    authPauseSeconds: number;
    /** The longest Intercom's contact search is assumed to trail a create (an ambiguous lead create waits for it). */
    searchIndexLagSeconds: number;
    /** INTERCOM_API_URL was set: the API host stays it, whatever region a connected workspace is in. */
    apiUrlConfigured: boolean;
    /** OAuth connection (INTERCOM_CLIENT_ID); sandbox mode points it at the Intercom simulator. */
    oauth?: IntercomOAuthConfig;
    /** The connected workspace's id_code (INTERCOM_APP_ID); undefined: learned from GET /me. */
    appId?: string;
    /** The largest webhook body read. */
    webhookMaxBytes: number;
  };
  /** Undefined in sandbox mode until the Hull simulator is started. */
  hull?: HullConnection;
  temporal: TemporalConfig;
  api: { host: string; port: number; token?: Secret };
  logLevel: Env['LOG_LEVEL'];
  /** LOG_FORMAT; undefined: pretty at a terminal, JSON otherwise. */
  logFormat?: Env['LOG_FORMAT'];
  /** How Hull notifications are authenticated beyond the connector credentials they carry, and bounded. */
  notifications: {
    /** Empty: the organisation's own origin (notification-auth.ts, defaultKeyOrigins). */
    trustedKeyOrigins: string[];
    trustAnyKeyOrigin: boolean;
    skipSignature: boolean;
    /** The largest notification body read. */
    maxBytes: number;
    /** Notifications read and handed over at once; more are answered 503 with flow control before their body is read. */
    concurrency: number;
  };
  /** Settings from SETTINGS_FILE; they take precedence over the connector's private_settings. */
  settingsOverrides?: ConnectorSettingsInput;
  settingsFile?: string;
  /** A worker process touches this file while it is healthy (a container healthcheck reads it). */
  healthFile?: string;
  /** Mistakes that do not stop the engine (unknown variables and settings, what sandbox mode ignores), one line each. */
  warnings: string[];
  /** How often the connector's status workflow checks both connections; 0: only when an operator asks. */
  connectionCheckMinutes: number;
  /** The activations' database; without it activations are off (sandbox mode provides one). */
  activations: { databaseUrl?: Secret; recordsRetentionDays: number };
}

/** An operator token reachable from the network must not be guessable: long, and not one character repeated. */
const MIN_TOKEN_LENGTH = 32;
const MIN_TOKEN_DISTINCT = 8;
const isStrongToken = (token: string): boolean =>
  token.length >= MIN_TOKEN_LENGTH && new Set(token).size >= MIN_TOKEN_DISTINCT;

const HULL_VARIABLES = ['HULL_ORGANIZATION', 'HULL_CONNECTOR_ID', 'HULL_CONNECTOR_SECRET'] as const;

/** Hull's client splits the organization host on the first dot: namespace, then domain (`f00dcafe` . `hullapp.io`). */
function hullUrls(organization: string): { apiUrl: string; firehoseUrl: string } {
  const domain = organization.slice(organization.indexOf('.') + 1);
  return { apiUrl: `https://${organization}/api/v1`, firehoseUrl: `https://firehose.${domain}` };
}

function readSettingsFile(path: string, cwd: string): ConnectorSettingsInput {
  const absolute = resolve(cwd, path);
  let raw: string;
  try {
    raw = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError([`SETTINGS_FILE: cannot read ${absolute} (${(error as NodeJS.ErrnoException).code})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError([`SETTINGS_FILE: ${absolute} is not valid JSON (${(error as Error).message})`]);
  }
  // Accept either the private_settings object itself or a connector-like {private_settings: {...}}.
  const settings =
    json !== null && typeof json === 'object' && 'private_settings' in json ? json.private_settings : json;
  const parsed = connectorSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new ConfigError(
      describeIssues(parsed.error.issues, settings, { prefix: 'SETTINGS_FILE ', secretKeys: SECRET_SETTING_KEYS }),
    );
  }
  return settings as ConnectorSettingsInput;
}

/** Sandbox when no credential at all is set; otherwise Hull's three credentials are all required. */
function decideMode(environment: NodeJS.ProcessEnv): { mode: Mode; problems: string[] } {
  const isSet = (name: string) => (environment[name] ?? '') !== '';
  const anyCredential = HULL_VARIABLES.some(isSet) || isSet('INTERCOM_ACCESS_TOKEN');
  if (!anyCredential) return { mode: 'sandbox', problems: [] };
  const missing = HULL_VARIABLES.filter((name) => !isSet(name));
  return {
    mode: 'live',
    problems: missing.map(
      (name) =>
        `${name}: is required when credentials are configured (set all of ${HULL_VARIABLES.join(', ')}, or none of them and no INTERCOM_ACCESS_TOKEN for sandbox mode)`,
    ),
  };
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(environment);
  const { mode, problems } = decideMode(environment);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error.issues, environment, { secretKeys: SECRET_ENV_KEYS });
    throw new ConfigError([...lines, ...problems]);
  }
  const env = parsed.data;
  const temporal = readTemporalProfile(environment);
  problems.push(...temporal.problems);
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(env.HOST);
  if (mode === 'live' && !loopback && env.API_TOKEN === undefined) {
    problems.push(
      `API_TOKEN: is required when a live engine listens beyond loopback (HOST=${env.HOST}): it protects /actions, /runs and /failures`,
    );
  }
  if (env.INTERCOM_CLIENT_ID !== undefined) {
    const need = (name: string, why: string) => problems.push(`${name}: is required with INTERCOM_CLIENT_ID (${why})`);
    if (env.INTERCOM_CLIENT_SECRET === undefined) need('INTERCOM_CLIENT_SECRET', 'the OAuth code exchange');
    if (env.TOKEN_ENCRYPTION_KEY === undefined) need('TOKEN_ENCRYPTION_KEY', 'it encrypts the token at rest');
    if (mode === 'live' && env.ACTIVATIONS_DATABASE_URL === undefined) {
      need('ACTIVATIONS_DATABASE_URL', 'the connection is stored in the engine’s database');
    }
  }
  if (!loopback && env.API_TOKEN !== undefined && !isStrongToken(env.API_TOKEN)) {
    problems.push(
      `API_TOKEN: must be at least ${MIN_TOKEN_LENGTH} characters with at least ${MIN_TOKEN_DISTINCT} different ones when the API listens beyond loopback (HOST=${env.HOST}), e.g. the output of \`openssl rand -hex 32\``,
    );
  }
  for (const name of ['HULL_TRUST_ANY_KEY_ORIGIN', 'HULL_SKIP_SIGNATURE_VALIDATION'] as const) {
    if (mode === 'live' && !loopback && env[name]) {
      problems.push(
        `${name}: is a development switch and cannot be on while a live engine listens beyond loopback (HOST=${env.HOST}): anyone could sign a notification`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const settingsOverrides = env.SETTINGS_FILE === undefined ? undefined : readSettingsFile(env.SETTINGS_FILE, cwd);
  const warnings = [
    ...environmentWarnings(environment, mode),
    ...unknownSettingKeys(settingsOverrides ?? {}).map((key) => unknownSettingWarning(key, 'SETTINGS_FILE')),
  ];
  const secret = (value: string | undefined) => (value === undefined ? undefined : new Secret(value));

  return {
    mode,
    intercom: {
      apiUrl: env.INTERCOM_API_URL.replace(/\/+$/, ''),
      apiVersion: env.INTERCOM_API_VERSION,
      accessToken: secret(env.INTERCOM_ACCESS_TOKEN),
      clientSecret: secret(env.INTERCOM_CLIENT_SECRET),
      rateLimitPerMinute: env.INTERCOM_RATE_LIMIT_PER_MINUTE,
      authPauseSeconds: env.INTERCOM_AUTH_PAUSE_SECONDS,
      searchIndexLagSeconds: env.INTERCOM_SEARCH_INDEX_LAG_SECONDS,
      apiUrlConfigured: (environment.INTERCOM_API_URL ?? '') !== '',
      oauth:
        env.INTERCOM_CLIENT_ID === undefined
          ? undefined
          : {
              clientId: env.INTERCOM_CLIENT_ID,
              authorizeUrl: env.INTERCOM_OAUTH_AUTHORIZE_URL,
              tokenUrl: env.INTERCOM_OAUTH_TOKEN_URL,
              redirectUrl: env.INTERCOM_OAUTH_REDIRECT_URL,
              encryptionKey: new Secret(env.TOKEN_ENCRYPTION_KEY!),
            },
      appId: env.INTERCOM_APP_ID,
      webhookMaxBytes: env.INTERCOM_WEBHOOK_MAX_BYTES,
    },
    hull:
      mode === 'live'
        ? {
            organization: env.HULL_ORGANIZATION!,
            connectorId: env.HULL_CONNECTOR_ID!,
            connectorSecret: new Secret(env.HULL_CONNECTOR_SECRET!),
            apiUrl: (env.HULL_API_URL ?? hullUrls(env.HULL_ORGANIZATION!).apiUrl).replace(/\/+$/, ''),
            firehoseUrl: env.HULL_FIREHOSE_URL ?? hullUrls(env.HULL_ORGANIZATION!).firehoseUrl,
          }
        : undefined,
    temporal: {
      address: temporal.profile.address,
      addressSource: temporal.profile.addressSource,
      namespace: temporal.profile.namespace ?? env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      credentials: temporal.profile.credentials,
      devServer: {
        grpcPort: env.TEMPORAL_DEV_SERVER_PORT,
        uiPort: env.TEMPORAL_UI_PORT,
        dataDir: resolve(cwd, env.TEMPORAL_DATA_DIR ?? '.data'),
        cliPath: env.TEMPORAL_CLI_PATH,
      },
      uiUrl: env.TEMPORAL_UI_URL?.replace(/\/+$/, ''),
    },
    api: { host: env.HOST, port: env.PORT, token: secret(env.API_TOKEN) },
    notifications: {
      trustedKeyOrigins: env.HULL_TRUSTED_KEY_ORIGINS,
      trustAnyKeyOrigin: env.HULL_TRUST_ANY_KEY_ORIGIN,
      skipSignature: env.HULL_SKIP_SIGNATURE_VALIDATION,
      maxBytes: env.HULL_NOTIFICATION_MAX_BYTES,
      concurrency: env.HULL_NOTIFICATION_CONCURRENCY,
    },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    settingsOverrides,
    settingsFile: env.SETTINGS_FILE,
    connectionCheckMinutes: env.CONNECTION_CHECK_MINUTES,
    healthFile: env.HEALTH_FILE === undefined ? undefined : resolve(cwd, env.HEALTH_FILE),
    warnings,
    activations: {
      databaseUrl: secret(env.ACTIVATIONS_DATABASE_URL),
      recordsRetentionDays: env.ACTIVATION_RECORDS_RETENTION_DAYS,
    },
  };
}
