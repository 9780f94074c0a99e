import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load';
import { SettingsProvider } from '../../../src/config/settings-provider';
import {
  closestName,
  editDistance,
  environmentWarnings,
  KNOWN_VARIABLES,
  unknownSettingKeys,
  unknownSettingWarning,
} from '../../../src/config/warnings';

describe('editDistance (Damerau-Levenshtein, optimal string alignment)', () => {
  it.each([
    ['fetch_users', 'fetch_users', 0],
    ['fetch_userz', 'fetch_users', 1],
    ['fetch_usres', 'fetch_users', 1],
    ['fetch_user', 'fetch_users', 1],
    ['synchronised_user_segments', 'synchronized_user_segments', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['ca', 'abc', 3],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestName', () => {
  const known = ['fetch_users', 'fetch_leads', 'fetch_companies', 'synchronized_user_segments'];

  it('names the known name a misspelling meant', () => {
    expect(closestName('fetch_userz', known)).toBe('fetch_users');
    expect(closestName('fetch_lead', known)).toBe('fetch_leads');
    expect(closestName('Fetch_Companies', known)).toBe('fetch_companies');
    expect(closestName('synchronised_user_segment', known)).toBe('synchronized_user_segments');
  });

  it('suggests nothing for a name that is not near any', () => {
    expect(closestName('webhook_secret', known)).toBeUndefined();
    expect(closestName('fetch_all', known)).toBeUndefined();
  });
});

describe('unknown settings', () => {
  it('are the keys the schema does not know, apart from Hull’s own bookkeeping', () => {
    expect(
      unknownSettingKeys({
        fetch_users: true,
        fetch_userz: false,
        synchronised_user_segments: ['s1'],
        users_last_fetch_timestamp: 1700000000,
        webhook_id: '42',
        oauth: {},
        access_token: 'x',
      }),
    ).toEqual(['fetch_userz', 'synchronised_user_segments']);
  });

  it('read as one line each, with the closest known name when there is one', () => {
    expect(unknownSettingWarning('fetch_userz', 'SETTINGS_FILE')).toBe(
      'unknown setting fetch_userz in SETTINGS_FILE (ignored): did you mean fetch_users?',
    );
    expect(unknownSettingWarning('synchronised_user_segments', "the connector's private_settings")).toBe(
      "unknown setting synchronised_user_segments in the connector's private_settings (ignored): did you mean synchronized_user_segments?",
    );
    expect(unknownSettingWarning('colour', 'SETTINGS_FILE')).toBe('unknown setting colour in SETTINGS_FILE (ignored)');
  });

  it('from SETTINGS_FILE are in the configuration’s warnings', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'settings-')), 'settings.json');
    writeFileSync(file, JSON.stringify({ private_settings: { fetch_userz: false, fetch_leads: false } }));
    expect(loadConfig({ SETTINGS_FILE: file }).warnings).toEqual([
      'unknown setting fetch_userz in SETTINGS_FILE (ignored): did you mean fetch_users?',
    ]);
  });

  it('from Hull are reported at start and from notifications, once per distinct key', async () => {
    const reported: string[][] = [];
    const provider = new SettingsProvider({
      source: { fetch: () => Promise.resolve({ fetch_userz: false, tag_users: true }) },
      onUnknownSettings: (lines) => reported.push(lines),
    });
    await provider.load();
    expect(provider.apply({ fetch_userz: false })).toBe(true);
    expect(provider.apply({ fetch_userz: false, synchronised_user_segments: [] })).toBe(true);
    expect(provider.apply({ fetch_userz: true, synchronised_user_segments: [], tagg_leads: true })).toBe(true);
    expect(reported).toEqual([
      ["unknown setting fetch_userz in the connector's private_settings (ignored): did you mean fetch_users?"],
      [
        "unknown setting synchronised_user_segments in the connector's private_settings (ignored): did you mean synchronized_user_segments?",
      ],
      ["unknown setting tagg_leads in the connector's private_settings (ignored): did you mean tag_leads?"],
    ]);
  });
});

describe('environment warnings', () => {
  it('name unknown INTERCOM_, HULL_ and TEMPORAL_ variables and near misses of API_TOKEN and the like', () => {
    expect(
      environmentWarnings(
        {
          INTERCOM_API_ULR: 'https://api.eu.intercom.io',
          HULL_ORGANISATION: 'f00dcafe.hullapp.io',
          TEMPORAL_ADRESS: 'localhost:7233',
          TEMPORAL_COLOUR: 'blue',
          API_TOKN: 'x',
          LOGLEVEL: 'debug',
          // Known: the engine's, Temporal's envconfig's, gRPC metadata, other programs'; empty ones are unset.
          INTERCOM_API_URL: 'https://api.eu.intercom.io',
          TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true',
          TEMPORAL_CODEC_ENDPOINT: 'http://codec',
          TEMPORAL_GRPC_META_X_TENANT: 'a',
          ROLE: 'api',
          HOME: '/home/me',
          HOSTNAME: 'vm',
          PATH: '/usr/bin',
          LANG: 'C.UTF-8',
          HULL_CONNECTOR_SECRETS: '',
        },
        'live',
      ),
    ).toEqual([
      'unknown variable API_TOKN (ignored): did you mean API_TOKEN?',
      'unknown variable HULL_ORGANISATION (ignored): did you mean HULL_ORGANIZATION?',
      'unknown variable INTERCOM_API_ULR (ignored): did you mean INTERCOM_API_URL?',
      'unknown variable LOGLEVEL (ignored): did you mean LOG_LEVEL?',
      'unknown variable TEMPORAL_ADRESS (ignored): did you mean TEMPORAL_ADDRESS?',
      'unknown variable TEMPORAL_COLOUR (ignored)',
    ]);
  });

  it('say which variables sandbox mode ignores, when they are set', () => {
    const environment = { INTERCOM_API_URL: 'https://api.eu.intercom.io', HULL_API_URL: 'https://x/api/v1' };
    expect(environmentWarnings(environment, 'sandbox')).toEqual([
      'sandbox mode ignores INTERCOM_API_URL, HULL_API_URL: the engine talks to its own Intercom and Hull simulators (set HULL_ORGANIZATION, HULL_CONNECTOR_ID, HULL_CONNECTOR_SECRET and INTERCOM_ACCESS_TOKEN to run live)',
    ]);
    expect(environmentWarnings(environment, 'live')).toEqual([]);
    expect(environmentWarnings({ INTERCOM_API_URL: '' }, 'sandbox')).toEqual([]);
    expect(loadConfig(environment).warnings).toEqual(environmentWarnings(environment, 'sandbox'));
  });

  it('know every variable Temporal’s envconfig reads', () => {
    const source = readFileSync(require.resolve('@temporalio/envconfig/lib/envconfig-toml.js'), 'utf8');
    const read = [...source.matchAll(/envProvider\['(TEMPORAL_[A-Z_]+)'\]/g)].map((match) => match[1]!);
    expect(read.length).toBeGreaterThanOrEqual(15);
    expect(read.filter((name) => !KNOWN_VARIABLES.has(name))).toEqual([]);
    expect(source).toContain("const PREFIX = 'TEMPORAL_GRPC_META_'");
  });
});
