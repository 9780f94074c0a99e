/** Public configuration types of the Intercom simulator and their defaults. */

export type IntercomRegion = 'US' | 'EU' | 'AU';

export interface IntercomSimulatorOptions {
  /** Accepted bearer token; anything else gets 401 `unauthorized` "Access Token Invalid". */
  accessToken?: string;
  /** Webhook signing key (the app's client_secret in the Developer Hub), also the OAuth exchange's secret. */
  clientSecret?: string;
  /** The app's OAuth client id. */
  clientId?: string;
  /** Workspace `id_code`, also the `app_id` of webhook notifications. */
  appId?: string;
  region?: IntercomRegion;
  /** Calls per minute, enforced in six aligned 10-second windows of floor(limit / 6) calls each. */
  rateLimitPerMinute?: number;
  /** Workspace IANA timezone; contact search date filters are day-granular in it. */
  timezone?: string;
  /** A newly created contact stays invisible to POST /contacts/search for this long. */
  searchIndexLagMs?: number;
  /** A company scroll expires after this much idle time (Intercom: one minute). */
  scrollIdleTimeoutMs?: number;
  /** Companies per scroll page (fixed by Intercom). */
  scrollPageSize?: number;
  /** Where signed notifications are POSTed, and which topics the app is subscribed to. */
  webhook?: { url: string; topics: string[] };
  /** When true, changes made through the REST API (or the admin helpers) emit the matching 2.x topics. */
  autoWebhooks?: boolean;
  /** When set, every request and response is validated and problems are recorded in `specViolations`. */
  specValidator?: SpecValidator;
  /** Clock in milliseconds; tests drive time with it. */
  now?: () => number;
}

/** Validates traffic against the OpenAPI description; returns human-readable problems (empty = valid). */
export interface SpecValidator {
  validateRequest(
    method: string,
    pathTemplate: string,
    req: { query: unknown; body: unknown; headers: Record<string, unknown> },
  ): string[];
  validateResponse(method: string, pathTemplate: string, status: number, body: unknown): string[];
}

/** One HTTP exchange as the simulator saw it. */
export interface RequestRecord {
  method: string;
  /** Path without the query string, e.g. `/contacts/6762f0d01bb69f9f2193bb7d`. */
  path: string;
  /** Spec path template, e.g. `/contacts/{contact_id}`; null when no route matched. */
  route: string | null;
  query: Record<string, unknown>;
  body: unknown;
  /** HTTP status; 0 when a fault dropped the connection without a response. */
  status: number;
  /** Clock time (ms) the request arrived. */
  at: number;
}

export interface ResolvedOptions {
  accessToken: string;
  clientSecret: string;
  clientId: string;
  appId: string;
  region: IntercomRegion;
  rateLimitPerMinute: number;
  timezone: string;
  searchIndexLagMs: number;
  scrollIdleTimeoutMs: number;
  scrollPageSize: number;
  webhook: { url: string; topics: string[] } | undefined;
  autoWebhooks: boolean;
  specValidator: SpecValidator | undefined;
  now: () => number;
}

/** The simulated app's default credentials, which the sandbox, tests and benchmarks give the engine. */
export const SANDBOX_CREDENTIALS = {
  accessToken: 'sandbox-intercom-token',
  clientSecret: 'sandbox-client-secret',
  clientId: 'sandbox-client-id',
  appId: 'sandboxapp',
} as const;

export function resolveOptions(options: IntercomSimulatorOptions = {}): ResolvedOptions {
  const timezone = options.timezone ?? 'UTC';
  // Fail fast on a typo rather than silently searching in the wrong day boundaries.
  new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  return {
    accessToken: options.accessToken ?? SANDBOX_CREDENTIALS.accessToken,
    clientSecret: options.clientSecret ?? SANDBOX_CREDENTIALS.clientSecret,
    clientId: options.clientId ?? SANDBOX_CREDENTIALS.clientId,
    appId: options.appId ?? SANDBOX_CREDENTIALS.appId,
    region: options.region ?? 'US',
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
    timezone,
    searchIndexLagMs: options.searchIndexLagMs ?? 0,
    scrollIdleTimeoutMs: options.scrollIdleTimeoutMs ?? 60_000,
    scrollPageSize: options.scrollPageSize ?? 100,
    webhook: options.webhook,
    autoWebhooks: options.autoWebhooks ?? false,
    specValidator: options.specValidator,
    now: options.now ?? Date.now,
  };
}
