import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from '../../../src/config/issues';
import { loadConfig } from '../../../src/config/load';

const LIVE = {
  HULL_ORGANIZATION: 'f00dcafe.hullapp.io',
  HULL_CONNECTOR_ID: '5c21c7a6b0c4ae18e1001123',
  HULL_CONNECTOR_SECRET: 'hull-secret-value',
  INTERCOM_ACCESS_TOKEN: 'intercom-token-value',
};

function problemsOf(env: NodeJS.ProcessEnv, cwd?: string): string[] {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs in sandbox mode with defaults when no credentials are set', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.intercom).toMatchObject({ apiUrl: 'https://api.intercom.io', apiVersion: '2.16' });
    expect(config.temporal).toMatchObject({
      namespace: 'default',
      taskQueue: 'hull-intercom-sync',
      address: undefined,
    });
    expect(config.temporal.devServer).toMatchObject({ grpcPort: 7233, uiPort: 8233 });
    expect(config.api).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.hull).toBeUndefined();
  });

  it('derives Hull URLs from the organization in live mode, and accepts overrides', () => {
    const config = loadConfig(LIVE);
    expect(config.mode).toBe('live');
    expect(config.hull).toMatchObject({
      organization: 'f00dcafe.hullapp.io',
      apiUrl: 'https://f00dcafe.hullapp.io/api/v1',
      firehoseUrl: 'https://firehose.hullapp.io',
    });
    const overridden = loadConfig({
      ...LIVE,
      HULL_API_URL: 'http://127.0.0.1:9000/api/v1/',
      HULL_FIREHOSE_URL: 'http://127.0.0.1:9000/fh',
    });
    expect(overridden.hull).toMatchObject({
      apiUrl: 'http://127.0.0.1:9000/api/v1',
      firehoseUrl: 'http://127.0.0.1:9000/fh',
    });
  });

  it.each(['https://api.intercom.io', 'https://api.eu.intercom.io', 'https://api.au.intercom.io/'])(
    'accepts the Intercom region host %s',
    (url) => {
      expect(loadConfig({ INTERCOM_API_URL: url }).intercom.apiUrl).toBe(url.replace(/\/$/, ''));
    },
  );

  it('names INTERCOM_API_URL and what is expected when it is not a URL', () => {
    expect(problemsOf({ INTERCOM_API_URL: 'not-a-url' })).toEqual([
      'INTERCOM_API_URL: must be an absolute http(s) URL, e.g. https://api.eu.intercom.io (got "not-a-url")',
    ]);
  });

  it('reports every problem at once, one line each', () => {
    const problems = problemsOf({
      INTERCOM_ACCESS_TOKEN: 'x',
      HULL_CONNECTOR_ID: 'abc',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      INTERCOM_API_VERSION: 'v2',
    });
    expect(problems).toHaveLength(6);
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining([
        'HULL_CONNECTOR_ID',
        'PORT',
        'LOG_LEVEL',
        'INTERCOM_API_VERSION',
        'HULL_ORGANIZATION',
        'HULL_CONNECTOR_SECRET',
      ]),
    );
  });

  it('never echoes secret values in problems', () => {
    const problems = problemsOf({ INTERCOM_ACCESS_TOKEN: 'super-secret-token' });
    expect(problems.join('\n')).not.toContain('super-secret-token');
  });

  it('keeps secrets out of JSON and inspect output', () => {
    const config = loadConfig(LIVE);
    const printed = JSON.stringify(config) + inspect(config, { depth: 10 });
    expect(printed).not.toContain('hull-secret-value');
    expect(printed).not.toContain('intercom-token-value');
    expect(config.intercom.accessToken?.reveal()).toBe('intercom-token-value');
  });

  it('requires API_TOKEN when a live engine listens beyond loopback', () => {
    expect(problemsOf({ ...LIVE, HOST: '0.0.0.0' })).toEqual([
      expect.stringMatching(/^API_TOKEN: is required when a live engine listens beyond loopback/),
    ]);
    const strong = '3f9c2b7a41d8e6f05a2c9b8d7e6f1a0b';
    expect(loadConfig({ ...LIVE, HOST: '0.0.0.0', API_TOKEN: strong }).api.token?.reveal()).toBe(strong);
    expect(loadConfig({ HOST: '0.0.0.0' }).mode).toBe('sandbox');
  });

  it('refuses a weak API_TOKEN on a public bind, in any mode, and takes any token on loopback', () => {
    for (const weak of ['a', 'op', 'x'.repeat(40), 'short-but-varied-123']) {
      for (const environment of [LIVE, {}]) {
        expect(problemsOf({ ...environment, HOST: '0.0.0.0', API_TOKEN: weak })).toEqual([
          expect.stringMatching(/^API_TOKEN: must be at least 32 characters with at least 8 different ones/),
        ]);
      }
    }
    expect(loadConfig({ ...LIVE, API_TOKEN: 'a' }).api.token?.reveal()).toBe('a');
  });

  it('keeps the development switches of notification signatures off a public live bind', () => {
    const publicBind = { ...LIVE, HOST: '0.0.0.0', API_TOKEN: '3f9c2b7a41d8e6f05a2c9b8d7e6f1a0b' };
    expect(
      problemsOf({ ...publicBind, HULL_TRUST_ANY_KEY_ORIGIN: 'true', HULL_SKIP_SIGNATURE_VALIDATION: 'true' }),
    ).toEqual([
      expect.stringMatching(/^HULL_TRUST_ANY_KEY_ORIGIN: is a development switch/),
      expect.stringMatching(/^HULL_SKIP_SIGNATURE_VALIDATION: is a development switch/),
    ]);
    expect(loadConfig({ ...LIVE, HULL_TRUST_ANY_KEY_ORIGIN: 'true' }).notifications).toMatchObject({
      trustAnyKeyOrigin: true,
      trustedKeyOrigins: [],
    });
    expect(loadConfig(LIVE).notifications).toEqual({
      trustedKeyOrigins: [],
      trustAnyKeyOrigin: false,
      skipSignature: false,
      maxBytes: 8 * 1024 * 1024,
      concurrency: 16,
    });
  });

  describe('Temporal connection', () => {
    const dir = mkdtempSync(join(tmpdir(), 'temporal-'));
    const file = (name: string, content: string) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const cert = file('client.pem', 'CERT');
    const key = file('client.key', 'KEY');
    const ca = file('ca.pem', 'CA');
    const CLOUD = 'my-ns.a1b2c.tmprl.cloud:7233';
    const optionsOf = (env: NodeJS.ProcessEnv) => loadConfig(env).temporal.credentials.connectionOptions();
    const text = (bytes: unknown) => Buffer.from(bytes as Uint8Array).toString();

    it('uses no TLS and no key by default, and provisions a dev server', () => {
      const { temporal } = loadConfig({});
      expect(temporal.address).toBeUndefined();
      expect(temporal.credentials.describe()).toEqual({ tls: 'off', apiKey: false, metadata: [] });
    });

    it('turns on TLS for an API key (Temporal Cloud), unless TEMPORAL_TLS=false says otherwise', () => {
      const { temporal } = loadConfig({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_API_KEY: 'key' });
      expect(temporal).toMatchObject({ address: CLOUD, addressSource: 'TEMPORAL_ADDRESS' });
      expect(temporal.credentials.describe()).toMatchObject({ tls: 'on', apiKey: true });
      expect(temporal.credentials.connectionOptions().apiKey).toBe('key');
      expect(optionsOf({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_API_KEY: 'key', TEMPORAL_TLS: 'false' }).tls).toBe(false);
    });

    it.each([
      [
        'Temporal’s standard names',
        {
          TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
          TEMPORAL_TLS_CLIENT_KEY_PATH: key,
          TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
        },
      ],
      ['the engine’s earlier names', { TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key, TEMPORAL_TLS_CA: ca }],
    ])('reads mTLS files and the SNI override from %s', (_names, files) => {
      const { tls } = optionsOf({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_TLS_SERVER_NAME: 'sni.example', ...files });
      expect(tls).toMatchObject({ serverNameOverride: 'sni.example' });
      const { clientCertPair, serverRootCACertificate } = tls as {
        clientCertPair: { crt: Uint8Array; key: Uint8Array };
        serverRootCACertificate: Uint8Array;
      };
      expect([text(clientCertPair.crt), text(clientCertPair.key), text(serverRootCACertificate)]).toEqual([
        'CERT',
        'KEY',
        'CA',
      ]);
    });

    it('reads certificates given inline, and prefers a standard name over an earlier one', () => {
      const inline = optionsOf({
        TEMPORAL_ADDRESS: CLOUD,
        TEMPORAL_TLS_CLIENT_CERT_DATA: 'INLINE CERT',
        TEMPORAL_TLS_CLIENT_KEY_DATA: 'INLINE KEY',
      }).tls as { clientCertPair: { crt: Uint8Array; key: Uint8Array } };
      expect([text(inline.clientCertPair.crt), text(inline.clientCertPair.key)]).toEqual(['INLINE CERT', 'INLINE KEY']);
      const other = file('other.pem', 'OTHER');
      const both = optionsOf({
        TEMPORAL_ADDRESS: CLOUD,
        TEMPORAL_TLS_CA: other,
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
      }).tls as { serverRootCACertificate: Uint8Array };
      expect(text(both.serverRootCACertificate)).toBe('CA');
    });

    it.each([
      [{ TEMPORAL_TLS_CERT: cert }, 'TEMPORAL_TLS_KEY: is required with TEMPORAL_TLS_CERT'],
      [
        { TEMPORAL_TLS_CLIENT_CERT_PATH: cert },
        'TEMPORAL_TLS_CLIENT_KEY_PATH: is required with TEMPORAL_TLS_CLIENT_CERT_PATH',
      ],
      [
        { TEMPORAL_TLS_CLIENT_KEY_PATH: key },
        'TEMPORAL_TLS_CLIENT_CERT_PATH: is required with TEMPORAL_TLS_CLIENT_KEY_PATH',
      ],
      [
        { TEMPORAL_TLS_CLIENT_CERT_DATA: 'CERT' },
        'TEMPORAL_TLS_CLIENT_KEY_DATA: is required with TEMPORAL_TLS_CLIENT_CERT_DATA',
      ],
    ])('requires a TLS key with a TLS certificate, and the other way round (%j)', (env, problem) => {
      expect(problemsOf(env)).toEqual([expect.stringContaining(problem)]);
    });

    it('names the variable whose file cannot be read', () => {
      expect(problemsOf({ TEMPORAL_TLS_CA: join(dir, 'missing.pem') })).toEqual([
        `TEMPORAL_TLS_CA: cannot read ${join(dir, 'missing.pem')} (ENOENT)`,
      ]);
      expect(problemsOf({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'missing.pem') })).toEqual([
        `TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read ${join(dir, 'missing.pem')} (ENOENT)`,
      ]);
    });

    it('reads a profile of Temporal’s config file, with the environment overriding it', () => {
      const config = file(
        'temporal.toml',
        [
          '[profile.default]',
          'address = "localhost:7233"',
          '',
          '[profile.prod]',
          `address = "${CLOUD}"`,
          'namespace = "my-ns.a1b2c"',
          'api_key = "profile-key"',
          '[profile.prod.grpc_meta]',
          'team = "sync"',
        ].join('\n'),
      );
      expect(loadConfig({ TEMPORAL_CONFIG_FILE: config }).temporal).toMatchObject({
        address: 'localhost:7233',
        addressSource: `Temporal profile "default" of ${config}`,
        namespace: 'default',
      });
      const prod = loadConfig({ TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'prod' }).temporal;
      expect(prod).toMatchObject({ address: CLOUD, namespace: 'my-ns.a1b2c' });
      expect(prod.credentials.connectionOptions()).toMatchObject({
        apiKey: 'profile-key',
        tls: true,
        metadata: { team: 'sync' },
      });
      const overridden = loadConfig({
        TEMPORAL_CONFIG_FILE: config,
        TEMPORAL_PROFILE: 'prod',
        TEMPORAL_NAMESPACE: 'other',
        TEMPORAL_GRPC_META_TEAM: 'ops',
      }).temporal;
      expect(overridden.namespace).toBe('other');
      expect(overridden.credentials.connectionOptions().metadata).toEqual({ team: 'ops' });
    });

    it('reports a missing config file, an unknown profile and a bad profile address, one line each', () => {
      expect(problemsOf({ TEMPORAL_CONFIG_FILE: join(dir, 'nope.toml') })).toEqual([
        `TEMPORAL_CONFIG_FILE: cannot read ${join(dir, 'nope.toml')} (ENOENT)`,
      ]);
      const config = file('one.toml', '[profile.default]\naddress = "not an address"\n');
      expect(problemsOf({ TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'staging' })).toEqual([
        expect.stringMatching(/^TEMPORAL_PROFILE: Profile 'staging' not found/),
      ]);
      expect(problemsOf({ TEMPORAL_CONFIG_FILE: config })).toEqual([
        'Temporal profile address: must be host:port, e.g. localhost:7233 (got "not an address")',
      ]);
      const broken = file('broken.toml', '[profile.default\naddress = 1');
      expect(problemsOf({ TEMPORAL_CONFIG_FILE: broken })).toEqual([
        expect.stringMatching(/^TEMPORAL_CONFIG_FILE: .*broken\.toml is not a valid Temporal config file: /),
      ]);
    });

    it('keeps the API key, key material and metadata values out of JSON and inspect output', () => {
      const config = loadConfig({
        ...LIVE,
        TEMPORAL_ADDRESS: CLOUD,
        TEMPORAL_API_KEY: 'temporal-api-key-value',
        TEMPORAL_TLS_CLIENT_CERT_DATA: 'CERT',
        TEMPORAL_TLS_CLIENT_KEY_DATA: 'private-key-value',
        TEMPORAL_GRPC_META_AUTHORIZATION: 'Bearer metadata-secret',
      });
      const printed = JSON.stringify(config) + inspect(config, { depth: 10 });
      for (const secret of ['temporal-api-key-value', 'private-key-value', 'metadata-secret']) {
        expect(printed).not.toContain(secret);
      }
      expect(config.temporal.credentials.describe()).toEqual({
        tls: 'mTLS',
        apiKey: true,
        metadata: ['authorization'],
      });
    });
  });

  describe('SETTINGS_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));

    it('reads connector settings, bare or as a connector document', () => {
      writeFileSync(join(dir, 'bare.json'), JSON.stringify({ synchronized_user_segments: ['s1'] }));
      writeFileSync(join(dir, 'doc.json'), JSON.stringify({ private_settings: { fetch_companies: true } }));
      expect(loadConfig({ SETTINGS_FILE: 'bare.json' }, dir).settingsOverrides).toEqual({
        synchronized_user_segments: ['s1'],
      });
      expect(loadConfig({ SETTINGS_FILE: join(dir, 'doc.json') }).settingsOverrides).toEqual({ fetch_companies: true });
    });

    it('reports unreadable files, bad JSON and invalid settings with the setting path', () => {
      writeFileSync(join(dir, 'broken.json'), '{ nope');
      writeFileSync(
        join(dir, 'invalid.json'),
        JSON.stringify({ user_claims: [{ hull: 'phone', service: 'email' }], fetch_users: 'yes' }),
      );
      expect(problemsOf({ SETTINGS_FILE: 'missing.json' }, dir)[0]).toMatch(
        /^SETTINGS_FILE: cannot read .*missing\.json \(ENOENT\)$/,
      );
      expect(problemsOf({ SETTINGS_FILE: 'broken.json' }, dir)[0]).toMatch(
        /^SETTINGS_FILE: .*broken\.json is not valid JSON/,
      );
      expect(problemsOf({ SETTINGS_FILE: 'invalid.json' }, dir)).toEqual([
        'SETTINGS_FILE user_claims[0].hull: must be one of email, external_id (got "phone")',
        'SETTINGS_FILE fetch_users: Invalid input: expected boolean, received string (got "yes")',
      ]);
    });
  });
});
