/** `npm start -- --fresh` clears the sandbox's two halves together, and only where it means that. */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/issues';
import { loadConfig } from '../../src/config/load';
import { createLogger } from '../../src/logger';
import { clearSandboxState, freshStartTargets } from '../../src/runtime/fresh-start';

const log = createLogger('silent');

describe('a fresh start', () => {
  it("removes the simulators' state and the dev server's database, and leaves its logs", () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fresh-'));
    mkdirSync(join(dataDir, 'sandbox'));
    for (const file of ['sandbox/intercom.json', 'sandbox/hull.json', 'temporal.sqlite', 'temporal.sqlite-wal']) {
      writeFileSync(join(dataDir, file), '{}');
    }
    writeFileSync(join(dataDir, 'temporal-dev-server-7233.log'), 'kept');
    const config = loadConfig({ TEMPORAL_DATA_DIR: dataDir });
    expect(freshStartTargets(config).sort()).toEqual(
      [join(dataDir, 'sandbox'), join(dataDir, 'temporal.sqlite'), join(dataDir, 'temporal.sqlite-wal')].sort(),
    );

    clearSandboxState(config, log);

    expect(freshStartTargets(config)).toEqual([]);
    expect(existsSync(join(dataDir, 'temporal-dev-server-7233.log'))).toBe(true);
  });

  it('is refused in live mode and against a Temporal server it does not own', () => {
    const live = loadConfig({
      HULL_ORGANIZATION: 'org.hullapp.io',
      HULL_CONNECTOR_ID: '5c21c7a6b0c4ae18e1001123',
      HULL_CONNECTOR_SECRET: 'secret',
    });
    expect(() => clearSandboxState(live, log)).toThrow(ConfigError);
    expect(() => clearSandboxState(live, log)).toThrow(/only sandbox mode keeps local state/);
    const external = loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233' });
    expect(() => clearSandboxState(external, log)).toThrow(/TEMPORAL_ADDRESS points at temporal.internal:7233/);
  });
});
