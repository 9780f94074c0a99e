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
    expect(loadConfig({ ...LIVE, HOST: '0.0.0.0', API_TOKEN: 'op' }).api.token?.reveal()).toBe('op');
    expect(loadConfig({ HOST: '0.0.0.0' }).mode).toBe('sandbox');
  });

  it('requires a TLS key with a TLS certificate', () => {
    expect(problemsOf({ TEMPORAL_TLS_CERT: '/certs/client.pem' })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_KEY: is required with TEMPORAL_TLS_CERT/),
    ]);
  });

  it('turns on TLS for an API key (Temporal Cloud)', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'my-ns.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key' });
    expect(config.temporal.tls).toBeDefined();
    expect(config.temporal.apiKey?.reveal()).toBe('key');
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
