/** What the Intercom and Hull simulators share (see README.md). */
export { Prng } from './prng';
export { listenOnLoopback } from './listen';
export { envelope, openEnvelope, SnapshotError, type SnapshotEnvelope } from './snapshot';
export { keepSaved, StateFile, StateFileError, type KeptState } from './state-file';
export { CONTROL_PREFIX, isControlPath } from './control';
export { runStandalone, type StandaloneSimulator, type StandaloneSpec } from './cli';
