/** Which API host a connected workspace is called on, and the OAuth configuration's problems. */
import type { ConfigError } from '../../../src/config/issues';
import { loadConfig } from '../../../src/config/load';
import { apiUrlForRegion } from '../../../src/intercom/oauth';

it('follows the workspace’s region, else keeps the host that answered', () => {
  expect(apiUrlForRegion('EU', 'https://api.intercom.io')).toBe('https://api.eu.intercom.io');
  expect(apiUrlForRegion('au', 'https://api.intercom.io')).toBe('https://api.au.intercom.io');
  expect(apiUrlForRegion('US', 'https://api.eu.intercom.io')).toBe('https://api.intercom.io');
  expect(apiUrlForRegion(null, 'https://api.eu.intercom.io')).toBe('https://api.eu.intercom.io');
  expect(apiUrlForRegion('MARS', 'https://api.intercom.io')).toBe('https://api.intercom.io');
});

it('names each setting OAuth needs, and keeps the key a secret', () => {
  const live = {
    HULL_ORGANIZATION: 'f00dcafe.hullapp.io',
    HULL_CONNECTOR_ID: '5c21c7a6b0c4ae18e1001123',
    HULL_CONNECTOR_SECRET: 'secret',
  };
  let problems: string[] = [];
  try {
    loadConfig({ ...live, INTERCOM_CLIENT_ID: 'app-client' });
  } catch (error) {
    problems = (error as ConfigError).problems;
  }
  expect(problems).toEqual([
    'INTERCOM_CLIENT_SECRET: is required with INTERCOM_CLIENT_ID (the OAuth code exchange)',
    'TOKEN_ENCRYPTION_KEY: is required with INTERCOM_CLIENT_ID (it encrypts the token at rest)',
    'ACTIVATIONS_DATABASE_URL: is required with INTERCOM_CLIENT_ID (the connection is stored in the engine’s database)',
  ]);
  const config = loadConfig({
    ...live,
    INTERCOM_CLIENT_ID: 'app-client',
    INTERCOM_CLIENT_SECRET: 'client-secret',
    TOKEN_ENCRYPTION_KEY: 'k'.repeat(32),
    ACTIVATIONS_DATABASE_URL: 'postgres://db/engine',
  });
  expect(config.intercom.oauth).toMatchObject({
    clientId: 'app-client',
    authorizeUrl: 'https://app.intercom.com/oauth',
    tokenUrl: 'https://api.intercom.io/auth/eagle/token',
  });
  expect(JSON.stringify(config)).not.toContain('k'.repeat(32));
  expect(config.intercom.apiUrlConfigured).toBe(false);
  expect(loadConfig({ INTERCOM_API_URL: 'https://api.eu.intercom.io' }).intercom.apiUrlConfigured).toBe(true);
});
