import { ConfigError } from '../../../src/config/issues';
import { SettingsProvider } from '../../../src/config/settings-provider';

function providerWith(initial: Record<string, unknown>, overrides?: Record<string, unknown>) {
  let stored = initial;
  let fetches = 0;
  let now = 0;
  const rejected: string[][] = [];
  const provider = new SettingsProvider({
    source: {
      fetch: () => {
        fetches += 1;
        return Promise.resolve(stored);
      },
    },
    overrides,
    ttlMs: 1_000,
    now: () => now,
    onRejected: (problems) => rejected.push(problems),
  });
  return {
    provider,
    rejected,
    fetches: () => fetches,
    store: (next: Record<string, unknown>) => (stored = next),
    advance: (ms: number) => (now += ms),
  };
}

describe('SettingsProvider', () => {
  it("fills Hull's defaults and strips the traits_ prefix from attribute names", async () => {
    const { provider } = providerWith({
      outgoing_user_attributes: [{ hull: 'traits_plan', service: 'custom_attributes.plan' }],
    });
    const settings = await provider.load();
    expect(settings.user_claims).toEqual([
      { hull: 'email', service: 'email' },
      { hull: 'external_id', service: 'external_id' },
    ]);
    expect(settings.incoming_events).toEqual(['user.created', 'user.deleted', 'contact.created']);
    expect(settings.fetch_companies).toBe(false);
    expect(settings.outgoing_user_attributes).toEqual([{ hull: 'plan', service: 'custom_attributes.plan' }]);
    expect(settings.incoming_user_attributes).toContainEqual({
      service: 'external_id',
      hull: 'intercom_user/user_id',
      overwrite: true,
    });
  });

  it('lets the settings file win key by key', async () => {
    const { provider } = providerWith({ fetch_users: false, tag_users: false }, { fetch_users: true });
    const settings = await provider.load();
    expect(settings.fetch_users).toBe(true);
    expect(settings.tag_users).toBe(false);
  });

  it('fails loudly at startup on invalid settings', async () => {
    const { provider } = providerWith({ send_batch_as: 'Everyone' });
    await expect(provider.load()).rejects.toThrow(ConfigError);
    await expect(provider.load()).rejects.toThrow(
      'private_settings.send_batch_as: must be Users or Leads (got "Everyone")',
    );
  });

  it('refreshes after the TTL, and keeps the last valid settings when an edit is invalid', async () => {
    const { provider, rejected, fetches, store, advance } = providerWith({ tag_users: false });
    await provider.load();
    store({ tag_users: true });
    expect((await provider.current()).tag_users).toBe(false);
    advance(1_001);
    expect((await provider.current()).tag_users).toBe(true);
    store({ tag_users: 'maybe' });
    advance(1_001);
    expect((await provider.current()).tag_users).toBe(true);
    expect(rejected).toEqual([[expect.stringMatching(/^private_settings\.tag_users: /)]]);
    const before = fetches();
    await provider.current();
    expect(fetches()).toBe(before);
  });

  it('applies the copy a notification carries without asking Hull', async () => {
    const { provider, fetches } = providerWith({});
    await provider.load();
    expect(provider.apply({ synchronized_user_segments: ['seg-1'] })).toBe(true);
    expect((await provider.current()).synchronized_user_segments).toEqual(['seg-1']);
    expect(fetches()).toBe(1);
  });

  it('tells listeners about real changes, not about the fetch watermarks the engine writes itself', async () => {
    const { provider } = providerWith({ tag_users: false });
    await provider.load();
    const heard: boolean[] = [];
    provider.onChange((settings) => heard.push(settings.tag_users));
    provider.apply({ tag_users: false, users_last_fetch_timestamp: 1_700_000_000 });
    provider.apply({ tag_users: false, users_last_fetch_timestamp: 1_700_000_300 });
    expect(heard).toEqual([]);
    provider.apply({ tag_users: true, users_last_fetch_timestamp: 1_700_000_300 });
    expect(heard).toEqual([true]);
  });
});

describe('SettingsProvider when Hull is unreachable', () => {
  it('keeps serving the last valid settings, and fails only when it never had any', async () => {
    let now = 0;
    let down = false;
    const unavailable: unknown[] = [];
    const provider = new SettingsProvider({
      source: {
        fetch: () => (down ? Promise.reject(new Error('503 from Hull')) : Promise.resolve({ tag_users: false })),
      },
      ttlMs: 1_000,
      now: () => now,
      onUnavailable: (error) => unavailable.push(error),
    });
    await provider.load();
    down = true;
    now += 1_001;
    expect((await provider.current()).tag_users).toBe(false);
    expect(unavailable).toHaveLength(1);

    const neverLoaded = new SettingsProvider({ source: { fetch: () => Promise.reject(new Error('503 from Hull')) } });
    await expect(neverLoaded.current()).rejects.toThrow('503 from Hull');
  });
});
