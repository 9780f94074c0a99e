/** What the Intercom and Hull simulators share (see README.md). */
export { Prng } from './prng';
export { listenOnLoopback } from './listen';
