/**
 * The process environment the engine reads, validated with zod. Every variable is documented in the
 * README's configuration table; keep the two in step.
 */
import { z } from 'zod';
import { TEMPORAL_ADDRESS_PATTERN } from './temporal-profile';

const emptyAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const httpUrl = (example: string) =>
  z.preprocess(
    emptyAsUndefined,
    z.url({
      protocol: /^https?$/,
      hostname: z.regexes.hostname,
      error: `must be an absolute http(s) URL, e.g. ${example}`,
    }),
  );

const port = (fallback: number, min = 1) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a TCP port number (1-65535)' })
      .int({ error: 'must be a TCP port number (1-65535)' })
      .min(min, { error: 'must be a TCP port number (1-65535)' })
      .max(65535, { error: 'must be a TCP port number (1-65535)' })
      .default(fallback),
  );

/** A whole number with a unit, e.g. `wholeNumber({ unit: 'seconds', example: 300, min: 1 })`. */
const wholeNumber = ({
  unit,
  example,
  min,
  minReason,
}: {
  unit: string;
  example: number;
  min: number;
  minReason?: string;
}) =>
  z.coerce
    .number({ error: `must be a whole number of ${unit}, e.g. ${example}` })
    .int({ error: `must be a whole number of ${unit}, e.g. ${example}` })
    .min(min, { error: `must be at least ${min} ${unit}${minReason ? ` (${minReason})` : ''}` });

const booleanFlag = z.preprocess(
  emptyAsUndefined,
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
);

export const envSchema = z.object({
  INTERCOM_ACCESS_TOKEN: optionalString,
  INTERCOM_CLIENT_SECRET: optionalString,
  INTERCOM_API_URL: httpUrl('https://api.eu.intercom.io').default('https://api.intercom.io'),
  // OAuth (GET /auth/intercom): the app's client id; its client secret is INTERCOM_CLIENT_SECRET.
  INTERCOM_CLIENT_ID: optionalString,
  INTERCOM_OAUTH_REDIRECT_URL: httpUrl('https://sync.example.com/auth/intercom/callback').optional(),
  INTERCOM_OAUTH_AUTHORIZE_URL: httpUrl('https://app.intercom.com/oauth').default('https://app.intercom.com/oauth'),
  INTERCOM_OAUTH_TOKEN_URL: httpUrl('https://api.intercom.io/auth/eagle/token').default(
    'https://api.intercom.io/auth/eagle/token',
  ),
  // Encrypts the OAuth token at rest (AES-256-GCM under a key derived from it); at least 32 characters.
  TOKEN_ENCRYPTION_KEY: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, { error: 'must be at least 32 characters (e.g. openssl rand -base64 32)' }).optional(),
  ),
  INTERCOM_API_VERSION: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^(\d+\.\d+|Unstable)$/, { error: 'must be an Intercom API version such as 2.16' })
      .default('2.16'),
  ),
  INTERCOM_RATE_LIMIT_PER_MINUTE: z.preprocess(
    emptyAsUndefined,
    wholeNumber({ unit: 'requests per minute', example: 10_000, min: 60 }).default(10_000),
  ),

  // The workspace's id_code (the app_id of its webhooks); unset: read from GET /me at start.
  INTERCOM_APP_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[a-z0-9]{1,64}$/i, { error: "must be the workspace's app id (id_code), e.g. abc123de" })
      .optional(),
  ),
  INTERCOM_WEBHOOK_MAX_BYTES: z.preprocess(
    emptyAsUndefined,
    wholeNumber({ unit: 'bytes', example: 5_242_880, min: 1024 }).default(5 * 1024 * 1024),
  ),

  INTERCOM_AUTH_PAUSE_SECONDS: z.preprocess(
    emptyAsUndefined,
    wholeNumber({ unit: 'seconds', example: 300, min: 1 }).default(300),
  ),

  INTERCOM_SEARCH_INDEX_LAG_SECONDS: z.preprocess(
    emptyAsUndefined,
    wholeNumber({ unit: 'seconds', example: 600, min: 1 }).default(600),
  ),

  HULL_ORGANIZATION: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i, {
        error: 'must be an organization host such as f00dcafe.hullapp.io',
      })
      .optional(),
  ),
  HULL_CONNECTOR_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[0-9a-f]{24}$/i, { error: 'must be the connector id: 24 hexadecimal characters' })
      .optional(),
  ),
  HULL_CONNECTOR_SECRET: optionalString,
  HULL_FIREHOSE_URL: httpUrl('https://firehose.hullapp.io').optional(),
  HULL_API_URL: httpUrl('https://f00dcafe.hullapp.io/api/v1').optional(),
  HULL_TRUSTED_KEY_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .transform((v) =>
        v === undefined
          ? []
          : v
              .split(',')
              .map((origin) => origin.trim())
              .filter(Boolean),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be a comma-separated list of http(s) origins' }))),
  ),
  HULL_SKIP_SIGNATURE_VALIDATION: booleanFlag,
  // Development only: a notification's signature key may come from any URL.
  HULL_TRUST_ANY_KEY_ORIGIN: booleanFlag,
  // Defaults sized for ENGINE_MAX_HEAP_MB's 192 MiB: two 8 MiB bodies and their parsed JSON at most.
  HULL_NOTIFICATION_MAX_BYTES: z.preprocess(
    emptyAsUndefined,
    wholeNumber({ unit: 'bytes', example: 8_388_608, min: 1024 }).default(8 * 1024 * 1024),
  ),
  HULL_NOTIFICATION_CONCURRENCY: z.preprocess(
    emptyAsUndefined,
    wholeNumber({ unit: 'requests', example: 16, min: 1 }).default(16),
  ),

  TEMPORAL_ADDRESS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(TEMPORAL_ADDRESS_PATTERN, { error: 'must be host:port, e.g. localhost:7233 or my-ns.tmprl.cloud:7233' })
      .optional(),
  ),
  TEMPORAL_NAMESPACE: z.preprocess(emptyAsUndefined, z.string().default('default')),
  TEMPORAL_TASK_QUEUE: z.preprocess(emptyAsUndefined, z.string().default('hull-intercom-sync')),
  // How to reach the cluster: Temporal's standard variables, read by envconfig (temporal-profile.ts)
  // together with Temporal's config file; listed here so each is validated and known by name.
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_TLS: booleanFlag,
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalString,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalString,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalString,
  TEMPORAL_TLS_CLIENT_CERT_DATA: optionalString,
  TEMPORAL_TLS_CLIENT_KEY_DATA: optionalString,
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  TEMPORAL_CONFIG_FILE: optionalString,
  TEMPORAL_PROFILE: optionalString,
  // The engine's earlier names for the three TLS files, still read.
  TEMPORAL_TLS_CERT: optionalString,
  TEMPORAL_TLS_KEY: optionalString,
  TEMPORAL_TLS_CA: optionalString,
  TEMPORAL_CLI_PATH: optionalString,
  TEMPORAL_DEV_SERVER_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  TEMPORAL_DATA_DIR: optionalString,
  // The Temporal Web UI's address, for the operator page's links (a dev server the engine starts: its own).
  TEMPORAL_UI_URL: httpUrl('https://temporal.example.com').optional(),

  HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  API_TOKEN: optionalString,
  // 0 = any free port (tests); the log says which one was taken.
  PORT: port(3000, 0),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  // Unset: readable lines at a terminal, JSON lines otherwise (log collectors, pipes, files).
  LOG_FORMAT: z.preprocess(
    emptyAsUndefined,
    z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  ),
  SETTINGS_FILE: optionalString,
  // Activations: their own PostgreSQL database (definitions made through the API, diff state, records).
  ACTIVATIONS_DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, {
        error: 'must be a PostgreSQL URL, e.g. postgres://user:password@host:5432/activations',
      })
      .optional(),
  ),
  // The URL a PostgreSQL source reads by default (a source's connection_env may name another variable).
  ACTIVATIONS_SOURCE_DATABASE_URL: optionalString,
  ACTIVATION_RECORDS_RETENTION_DAYS: z.preprocess(
    emptyAsUndefined,
    wholeNumber({ unit: 'days', example: 14, min: 1 }).default(14),
  ),
  HEALTH_FILE: optionalString,
  // How often the connector's status workflow checks both connections (the operator page); 0: only on request.
  CONNECTION_CHECK_MINUTES: z.preprocess(
    emptyAsUndefined,
    wholeNumber({ unit: 'minutes', example: 5, min: 0, minReason: '0: only when an operator checks' }).default(5),
  ),
  // Read by the start scripts' shell (`--max-old-space-size`), before node runs: checked here so a
  // mistyped value is a configuration error instead of a flag node refuses or misreads.
  ENGINE_MAX_HEAP_MB: z.preprocess(
    emptyAsUndefined,
    wholeNumber({ unit: 'MiB', example: 192, min: 96, minReason: 'the engine keeps about 70 MiB alive' }).optional(),
  ),
});

export type Env = z.infer<typeof envSchema>;

/** Variables whose values are never echoed in error lines or logs. */
export const SECRET_ENV_KEYS: ReadonlySet<string> = new Set([
  'API_TOKEN',
  'INTERCOM_ACCESS_TOKEN',
  'INTERCOM_CLIENT_SECRET',
  'TOKEN_ENCRYPTION_KEY',
  'HULL_CONNECTOR_SECRET',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'ACTIVATIONS_DATABASE_URL',
  'ACTIVATIONS_SOURCE_DATABASE_URL',
]);
