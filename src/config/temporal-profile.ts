/**
 * Where the Temporal cluster is and how to reach it, read by Temporal's own `@temporalio/envconfig`:
 * Temporal's standard variables (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS,
 * TEMPORAL_TLS_CLIENT_CERT_PATH, ..., TEMPORAL_GRPC_META_*) over a profile of Temporal's TOML
 * configuration file (TEMPORAL_CONFIG_FILE, else ~/.config/temporalio/temporal.toml; profile
 * TEMPORAL_PROFILE, else `default`), exactly as the Temporal CLI and SDKs read them. The engine's
 * older names (TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY, TEMPORAL_TLS_CA) still work: each is read as
 * its standard name when that one is not set.
 */
import { accessSync, constants } from 'node:fs';
import { inspect } from 'node:util';
import type { NativeConnectionOptions } from '@temporalio/worker';
import {
  loadClientConfigProfile,
  toClientOptions,
  type ClientConfigProfile,
  type ConfigDataSource,
} from '@temporalio/envconfig';

/** The engine's earlier names, and the standard name each stands for. */
const LEGACY_TEMPORAL_NAMES = {
  TEMPORAL_TLS_CERT: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  TEMPORAL_TLS_KEY: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  TEMPORAL_TLS_CA: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
} as const;

/** `host:port`, as Temporal's frontend is addressed. */
export const TEMPORAL_ADDRESS_PATTERN = /^[^\s:/]+:\d+$/;

type ConnectionOptions = Pick<NativeConnectionOptions, 'tls' | 'apiKey' | 'metadata'>;

/**
 * TLS material, API key and gRPC metadata for both Temporal connections. Printed (JSON, inspect,
 * logs) only as what is configured, never with key material, the API key or metadata values.
 */
export class TemporalCredentials {
  readonly #options: ConnectionOptions;

  constructor(options: ConnectionOptions = {}) {
    this.#options = options;
  }

  /** What `Connection.connect` and `NativeConnection.connect` take besides the address. */
  connectionOptions(): ConnectionOptions {
    return { ...this.#options };
  }

  describe(): { tls: 'off' | 'on' | 'mTLS'; apiKey: boolean; metadata: string[] } {
    const { tls, apiKey, metadata } = this.#options;
    const mtls = typeof tls === 'object' && tls !== null && tls.clientCertPair !== undefined;
    return {
      tls: mtls ? 'mTLS' : tls === undefined || tls === null || tls === false ? 'off' : 'on',
      apiKey: apiKey !== undefined,
      metadata: Object.keys(metadata ?? {}),
    };
  }

  toJSON() {
    return this.describe();
  }

  [inspect.custom](): string {
    return `TemporalCredentials(${JSON.stringify(this.describe())})`;
  }
}

export interface TemporalProfile {
  address?: string;
  namespace?: string;
  /** Where the address came from, for the startup log: `TEMPORAL_ADDRESS` or the profile. */
  addressSource?: string;
  credentials: TemporalCredentials;
}

/** The environment as envconfig reads it: empty values are unset, older names become standard ones. */
function standardVariables(environment: NodeJS.ProcessEnv): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (value !== undefined && value !== '') variables[name] = value;
  }
  for (const [legacy, standard] of Object.entries(LEGACY_TEMPORAL_NAMES)) {
    if (variables[standard] === undefined && variables[legacy] !== undefined) variables[standard] = variables[legacy];
  }
  // The engine has always accepted yes/no for TEMPORAL_TLS; envconfig reads only true/1 as on.
  const tls = variables.TEMPORAL_TLS?.toLowerCase();
  if (tls !== undefined) variables.TEMPORAL_TLS = ['true', '1', 'yes'].includes(tls) ? 'true' : 'false';
  return variables;
}

type Spelling = 'standard' | 'legacy' | 'data' | 'profile';

/** Whether a TLS setting came from its standard variable, its earlier name, its inline variable or the file. */
function spellingOf(variables: Record<string, string>, environment: NodeJS.ProcessEnv, file: TlsFile): Spelling {
  if (variables[file.variable] !== undefined) return (environment[file.variable] ?? '') === '' ? 'legacy' : 'standard';
  return variables[file.dataVariable] !== undefined ? 'data' : 'profile';
}

function nameOf(file: TlsFile, spelling: Spelling): string {
  return {
    standard: file.variable,
    legacy: file.legacy,
    data: file.dataVariable,
    profile: `Temporal profile ${file.key}`,
  }[spelling];
}

interface TlsFile {
  field: 'clientCert' | 'clientKey' | 'serverCACert';
  variable: string;
  dataVariable: string;
  legacy: keyof typeof LEGACY_TEMPORAL_NAMES;
  key: string;
}

const CERT: TlsFile = {
  field: 'clientCert',
  variable: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  dataVariable: 'TEMPORAL_TLS_CLIENT_CERT_DATA',
  legacy: 'TEMPORAL_TLS_CERT',
  key: 'tls.client_cert_path',
};
const KEY: TlsFile = {
  field: 'clientKey',
  variable: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  dataVariable: 'TEMPORAL_TLS_CLIENT_KEY_DATA',
  legacy: 'TEMPORAL_TLS_KEY',
  key: 'tls.client_key_path',
};
const CA: TlsFile = {
  field: 'serverCACert',
  variable: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  dataVariable: 'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  legacy: 'TEMPORAL_TLS_CA',
  key: 'tls.server_ca_cert_path',
};

const isSet = (source: ConfigDataSource | undefined) => source !== undefined;

/**
 * Reads the Temporal profile; returns it with one readable line per problem (an unreadable config
 * file, an unknown profile, a certificate file that cannot be read, a certificate without its key,
 * an address that is not host:port).
 */
export function readTemporalProfile(environment: NodeJS.ProcessEnv): { profile: TemporalProfile; problems: string[] } {
  const variables = standardVariables(environment);
  const problems: string[] = [];
  const empty = { profile: { credentials: new TemporalCredentials() }, problems };

  const configFile = variables.TEMPORAL_CONFIG_FILE;
  if (configFile !== undefined) {
    try {
      accessSync(configFile, constants.R_OK);
    } catch (error) {
      // envconfig skips a missing file without a word; a file someone named must exist.
      problems.push(`TEMPORAL_CONFIG_FILE: cannot read ${configFile} (${(error as NodeJS.ErrnoException).code})`);
      return empty;
    }
  }
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: variables });
  } catch (error) {
    const message = (error as Error).message;
    problems.push(
      /^Profile '/.test(message)
        ? `TEMPORAL_PROFILE: ${message} (${configFile ?? 'the default Temporal config file'})`
        : `TEMPORAL_CONFIG_FILE: ${configFile ?? 'the default Temporal config file'} is not a valid Temporal config file: ${message}`,
    );
    return empty;
  }

  const tls = profile.tls;
  for (const file of [CERT, KEY, CA]) {
    const source = tls?.[file.field];
    if (source === undefined || !('path' in source)) continue;
    try {
      accessSync(source.path, constants.R_OK);
    } catch (error) {
      const name = nameOf(file, spellingOf(variables, environment, file));
      problems.push(`${name}: cannot read ${source.path} (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  if (isSet(tls?.clientCert) !== isSet(tls?.clientKey)) {
    const [given, missing] = isSet(tls?.clientCert) ? [CERT, KEY] : [KEY, CERT];
    // The missing one is named as the given one was spelled, so the fix is in the same words.
    const spelling = spellingOf(variables, environment, given);
    problems.push(
      `${nameOf(missing, spelling)}: is required with ${nameOf(given, spelling)} (mTLS needs both the certificate and its key)`,
    );
  }
  // TEMPORAL_ADDRESS itself is checked with the other variables (env.ts); this is the file's.
  if (profile.address !== undefined && !TEMPORAL_ADDRESS_PATTERN.test(profile.address)) {
    problems.push(
      `Temporal profile address: must be host:port, e.g. localhost:7233 (got ${JSON.stringify(profile.address)})`,
    );
  }
  if (problems.length > 0) return empty;

  const { connectionOptions } = toClientOptions(profile);
  return {
    profile: {
      address: profile.address,
      namespace: profile.namespace,
      addressSource:
        profile.address === undefined
          ? undefined
          : variables.TEMPORAL_ADDRESS !== undefined
            ? 'TEMPORAL_ADDRESS'
            : `Temporal profile "${variables.TEMPORAL_PROFILE ?? 'default'}"${configFile === undefined ? '' : ` of ${configFile}`}`,
      credentials: new TemporalCredentials({
        tls: connectionOptions.tls,
        apiKey: connectionOptions.apiKey,
        metadata: connectionOptions.metadata,
      }),
    },
    problems,
  };
}
