import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthFile } from '../../../src/runtime/health-file';

describe('HealthFile', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'health-')), 'worker.health');
  let healthy: () => Promise<boolean>;
  const file = new HealthFile(path, () => healthy());

  it('is touched while healthy and removed as soon as it is not, or when the check itself fails', async () => {
    healthy = () => Promise.resolve(true);
    expect(await file.beat()).toBe(true);
    expect(Number.isNaN(Date.parse(readFileSync(path, 'utf8').trim()))).toBe(false);

    healthy = () => Promise.resolve(false);
    expect(await file.beat()).toBe(false);
    expect(existsSync(path)).toBe(false);

    healthy = () => Promise.resolve(true);
    await file.beat();
    healthy = () => Promise.reject(new Error('Temporal unreachable'));
    expect(await file.beat()).toBe(false);
    expect(existsSync(path)).toBe(false);
  });

  it('is removed on stop and never written again', async () => {
    healthy = () => Promise.resolve(true);
    await file.beat();
    file.start(1);
    await file.stop();
    expect(existsSync(path)).toBe(false);
    expect(await file.beat()).toBe(false);
    expect(existsSync(path)).toBe(false);
  });
});
