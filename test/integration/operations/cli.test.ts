/**
 * `npm run op` as a process against the real API: it prints an operation's result, follows a 202 to the
 * run's end, lists the operations, and exits non-zero with the API's per-field reasons on bad input.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', '..', 'src', 'cli', 'op.ts');

describe('npm run op', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ name: 'op-cli', settings: { fetch_users: false, fetch_leads: false } });
    for (let i = 0; i < 3; i += 1) harness.intercom.createContact({ role: 'lead', email: `cli${i}@example.com` });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  const op = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [
        '--import',
        'tsx',
        CLI,
        ...args,
        '--api',
        harness.apiUrl,
      ]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('prints a result, follows a 202 to its end, and lists the operations', async () => {
    const listed = await op('contacts.list', '--limit', '2');
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout) as { data: unknown[]; next_cursor: string | null };
    expect(page.data).toHaveLength(2);
    expect(page.next_cursor).not.toBeNull();

    const created = await op(
      'contacts.create',
      '--role',
      'lead',
      '--email',
      'cli-new@example.com',
      '--wait',
      '0',
      '--idempotency-key',
      'cli-1',
    );
    expect(created.code).toBe(0);
    expect(created.stderr).toContain('still running: following /runs/');
    expect(JSON.parse(created.stdout)).toMatchObject({ email: 'cli-new@example.com' });

    const names = await op('--list');
    expect(names.stdout).toMatch(/^contacts\.create +Create a contact/m);
  });

  it('exits 1 with the reasons per field on bad input', async () => {
    const bad = await op('contacts.list', '--limit', '500');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^400: .*\n {2}body\.limit: /);
  });
});
