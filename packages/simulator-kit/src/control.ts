/**
 * Where a simulator serves its control endpoints: beside the simulated API, under a prefix neither
 * real service uses. Control requests skip the simulated API's authentication, rate limits, faults,
 * validation and request log: they drive the simulator, they are not traffic it simulates.
 */
export const CONTROL_PREFIX = '/_simulator';

export const isControlPath = (url: string): boolean =>
  url === CONTROL_PREFIX || url.startsWith(`${CONTROL_PREFIX}/`) || url.startsWith(`${CONTROL_PREFIX}?`);
