import { OutgoingGate } from '../../../src/activities/outgoing/outgoing-gate';
import { IntercomAuthError, IntercomTransientError } from '../../../src/intercom/errors';

const refused = () =>
  new IntercomAuthError({
    method: 'PUT',
    path: '/contacts/1',
    status: 401,
    code: 'unauthorized',
    message: 'Access Token Invalid',
  });

describe('OutgoingGate', () => {
  it('pauses on a refused token, lets one probe through when the pause ends, and reports both states', async () => {
    let now = 0;
    const reports: string[] = [];
    const gate = new OutgoingGate(
      (status) => Promise.resolve(void reports.push(status)),
      1_000,
      () => now,
    );

    await expect(gate.run(() => Promise.reject(refused()))).rejects.toMatchObject({ retryAfterMs: 1_000 });
    await expect(gate.run(() => Promise.resolve('never runs'))).rejects.toBeInstanceOf(IntercomTransientError);
    expect(reports).toEqual(['error']);

    now = 1_000;
    let releaseProbe!: () => void;
    const probe = gate.run(() => new Promise<string>((resolve) => (releaseProbe = () => resolve('probe ok'))));
    // While the probe is out, others keep waiting instead of each spending a request on the same 401.
    await expect(gate.run(() => Promise.resolve('second'))).rejects.toMatchObject({
      message: expect.stringMatching(/checking whether the token works again/),
    });
    releaseProbe();
    await expect(probe).resolves.toBe('probe ok');
    expect(reports).toEqual(['error', 'ok']);
    await expect(gate.run(() => Promise.resolve('flowing'))).resolves.toBe('flowing');
  });

  it('passes other errors through untouched', async () => {
    const gate = new OutgoingGate(() => Promise.resolve());
    const other = new Error('boom');
    await expect(gate.run(() => Promise.reject(other))).rejects.toBe(other);
  });
});
